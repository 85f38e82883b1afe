/**
 * Deployment settings read from CDK context (`cdk.json`, or `-c key=value`), validated once so that a typo fails
 * the synth with a message naming the setting instead of deploying something unexpected.
 */
import type { Node } from 'constructs';

export interface Settings {
  /** deployment stage, part of the stack name; `prod`/`production` switch on the production safeguards */
  stage: string;
  /** days an archived document is locked against deletion and overwrite */
  archiveRetentionDays: number;
  /** the From address of every email; its domain is the SES identity */
  senderEmail: string;
  /** prefix of the Cognito hosted sign-in domain (globally unique); derived from the stack and account if unset */
  authDomainPrefix?: string;
  /** an RFC 3161 timestamp authority's URL: where set, issued documents carry PAdES B-T signatures */
  timestampUrl?: string;
}

const PRODUCTION_STAGES = new Set(['prod', 'production']);

export function isProduction(stage: string): boolean {
  return PRODUCTION_STAGES.has(stage.toLowerCase());
}

export function readSettings(node: Node): Settings {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(`context "stage" must be lowercase letters, digits and dashes (got "${stage}")`);
  }
  const days = Number(node.tryGetContext('archiveRetentionDays'));
  if (!Number.isInteger(days) || days < 1) {
    throw new Error('context "archiveRetentionDays" must be a whole number of days, at least 1');
  }
  const senderEmail = String(node.tryGetContext('senderEmail') ?? '');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(senderEmail)) {
    throw new Error('context "senderEmail" must be an email address');
  }
  const prefix = node.tryGetContext('authDomainPrefix');
  const timestampUrl = node.tryGetContext('timestampUrl');
  if (timestampUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(String(timestampUrl))) {
    throw new Error('context "timestampUrl" must be the http(s) URL of an RFC 3161 timestamp authority');
  }
  return {
    stage,
    archiveRetentionDays: days,
    senderEmail,
    ...(prefix === undefined ? {} : { authDomainPrefix: String(prefix) }),
    ...(timestampUrl === undefined ? {} : { timestampUrl: String(timestampUrl) }),
  };
}
