/** Helpers for reading a synthesized template in the infra tests. */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}

export function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** The statements of every identity policy attached to the role with this logical id. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => asArray(p.Properties.Roles).some((r: { Ref?: string }) => r.Ref === roleLogicalId))
    .flatMap((p) => asArray(p.Properties.PolicyDocument.Statement as Statement | Statement[]));
}

export function allowedActions(statements: Statement[]): Set<string> {
  return new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action)));
}

/** Whether a statement's resources mention the given logical id (Ref or GetAtt, possibly inside a Join). */
export function mentions(statement: Statement, id: string): boolean {
  return JSON.stringify(statement.Resource).includes(`"${id}"`);
}

/** Whether an action pattern (`s3:Delete*`, `s3:*`, `*`) covers the given action. */
export function covers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  return re.test(action);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
