import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type Access, ENV, FUNCTIONS, ROUTES } from '#functions/manifest.ts';
import { TASK_FUNCTIONS, type TaskFunctionName } from '#workflows/lifecycle.ts';
import { Api } from './api.ts';
import { Auth } from './auth.ts';
import { Backups } from './backups.ts';
import { isProduction, type Settings } from './config.ts';
import { Functions } from './functions.ts';
import { LinkKey } from './link-key.ts';
import { Mail } from './mail.ts';
import { Monitoring } from './monitoring.ts';
import { Signing } from './signing.ts';
import { Storage } from './storage.ts';
import { Triggers } from './triggers.ts';
import { Workflow } from './workflow.ts';

export interface ExchangeVisitsStackProps extends StackProps {
  settings: Settings;
  /** the vault in the second region that keeps a copy of every backup, when the stage has one */
  backupCopyVault?: string;
}

/**
 * The whole application in one stack, one construct per concern. Order matters only where a value flows one way:
 * the API exists before the user pool (its URL is the sign-in callback), the task functions before the state
 * machine, and the state machine before the functions are bound to what they declare (`submitVisit` is given
 * its ARN and the right to start it).
 */
export class ExchangeVisitsStack extends Stack {
  readonly storage: Storage;
  readonly linkKey: LinkKey;
  readonly mail: Mail;
  readonly api: Api;
  readonly auth: Auth;
  readonly functions: Functions;
  readonly workflow: Workflow;
  readonly triggers: Triggers;
  readonly monitoring: Monitoring;
  readonly backups: Backups;
  readonly signing: Signing;

  constructor(scope: Construct, id: string, props: ExchangeVisitsStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const production = isProduction(settings.stage);
    const logRetention = production ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH;
    if (props.backupCopyVault && !settings.backupCopyRegion) {
      throw new Error("a backup copy vault needs the stage's backupCopyRegion");
    }

    this.storage = new Storage(this, 'Storage', {
      production,
      archiveRetentionDays: settings.archiveRetentionDays,
      ...(settings.tableName ? { existingTableName: settings.tableName } : {}),
    });
    this.linkKey = new LinkKey(this, 'LinkKey', { logRetention });
    this.mail = new Mail(this, 'Mail', { senderEmail: settings.senderEmail });
    this.signing = new Signing(this, 'Signing');
    this.api = new Api(this, 'Api', {
      logRetention,
      ...(settings.domainName
        ? {
            domain: {
              domainName: settings.domainName,
              ...(settings.certificateArn ? { certificateArn: settings.certificateArn } : {}),
            },
          }
        : {}),
    });
    this.auth = new Auth(this, 'Auth', {
      publicUrl: this.api.url,
      production,
      senderEmail: settings.senderEmail,
      senderDomain: this.mail.senderDomain,
      configurationSetName: this.mail.configurationSet.configurationSetName,
      ...(settings.authDomainPrefix ? { domainPrefix: settings.authDomainPrefix } : {}),
    });

    this.functions = new Functions(this, 'Functions', { logRetention });
    const fns = this.functions.byName;

    const taskFunctions = Object.fromEntries(TASK_FUNCTIONS.map((name) => [name, fns[name].fn])) as Record<
      TaskFunctionName,
      (typeof fns)[TaskFunctionName]['fn']
    >;
    this.workflow = new Workflow(this, 'Workflow', { taskFunctions, logRetention });

    // Each function gets only the variables and grants its manifest entry implies. No task function declares
    // `workflow:start` or `workflow:callback` (both grant on the machine), so none refers to the machine that refers
    // to it (that would be a cycle).
    this.functions.bind(
      {
        [ENV.table]: this.storage.table.tableName,
        [ENV.documentsBucket]: this.storage.documentsBucket.bucketName,
        [ENV.archiveBucket]: this.storage.archiveBucket.bucketName,
        [ENV.archiveRetentionDays]: String(settings.archiveRetentionDays),
        [ENV.stateMachineArn]: this.workflow.stateMachine.stateMachineArn,
        [ENV.sender]: settings.senderEmail,
        [ENV.configurationSet]: this.mail.configurationSet.configurationSetName,
        [ENV.linkKeySecret]: this.linkKey.secret.secretArn,
        [ENV.publicUrl]: this.api.url,
        [ENV.userPoolId]: this.auth.userPool.userPoolId,
        [ENV.userPoolClientId]: this.auth.client.userPoolClientId,
        [ENV.cognitoDomain]: this.auth.domain.baseUrl(),
        [ENV.jwksUri]: this.auth.jwksUri,
        [ENV.jwtIssuer]: this.auth.issuer,
        [ENV.signerKeyId]: this.signing.key.keyArn,
        [ENV.signerCertificateSecret]: this.signing.certificate.secretArn,
        [ENV.signatureRootsSecret]: this.signing.roots.secretArn,
        ...(settings.timestampUrl ? { [ENV.timestampUrl]: settings.timestampUrl } : {}),
      },
      {
        table: this.storage.table,
        documentsBucket: this.storage.documentsBucket,
        archiveBucket: this.storage.archiveBucket,
        linkKey: this.linkKey.secret,
        emailIdentity: this.mail.identity,
        configurationSet: this.mail.configurationSet,
        userPool: this.auth.userPool,
        stateMachine: this.workflow.stateMachine,
        signerKey: this.signing.key,
        signerCertificate: this.signing.certificate,
        signatureRoots: this.signing.roots,
        signerSecretsPrefix: this.signing.secretsPrefix,
      },
    );

    // Only the functions that issue documents may sign with the stage's key: its policy names their roles.
    for (const [name, f] of this.functions.entries())
      if ((FUNCTIONS[name].access as readonly Access[]).includes('signer:sign'))
        this.signing.allowSigning(f.role);

    const httpFns = Object.fromEntries(this.functions.entries().map(([name, f]) => [name, f.fn])) as Record<
      keyof typeof FUNCTIONS,
      (typeof fns)[keyof typeof FUNCTIONS]['fn']
    >;
    this.api.addRoutes(ROUTES, httpFns, fns.authorizer.fn);
    this.triggers = new Triggers(this, 'Triggers', {
      functions: fns,
      stateMachine: this.workflow.stateMachine,
      configurationSet: this.mail.configurationSet,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      name: this.stackName,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
      functions: {
        ...Object.fromEntries(this.functions.entries().map(([name, f]) => [name, f.fn])),
        linkKeyRotation: this.linkKey.rotation.fn,
      },
      markFailed: fns.markFailed.fn,
      keyRotation: this.linkKey.rotation.fn,
      stateMachine: this.workflow.stateMachine,
      httpApi: this.api.httpApi,
      table: this.storage.table,
      authorizerLogs: fns.authorizer.logGroup,
      deadLetterQueues: Object.fromEntries(
        this.functions
          .entries()
          .flatMap(([name, f]) => (f.deadLetterQueue ? [[name, f.deadLetterQueue]] : [])),
      ),
    });

    this.backups = new Backups(this, 'Backups', {
      table: this.storage.table,
      archiveBucket: this.storage.archiveBucket,
      retentionDays: settings.backupRetentionDays,
      ...(props.backupCopyVault && settings.backupCopyRegion
        ? { copyTo: { region: settings.backupCopyRegion, vaultName: props.backupCopyVault } }
        : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the web app and API' });
    if (this.api.domainName) {
      new CfnOutput(this, 'DomainTarget', {
        value: this.api.domainName.regionalDomainName,
        description: `Point ${settings.domainName} here: a CNAME (or a Route 53 alias) to this name`,
      });
    }
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.storage.documentsBucket.bucketName });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.storage.archiveBucket.bucketName });
    new CfnOutput(this, 'AccessLogsBucketName', { value: this.storage.accessLogsBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: this.auth.domain.baseUrl() });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'BackupVaultName', { value: this.backups.vault.backupVaultName });
    new CfnOutput(this, 'SigningKeyArn', { value: this.signing.key.keyArn });
    new CfnOutput(this, 'SigningCertificateSecretArn', { value: this.signing.certificate.secretArn });
    new CfnOutput(this, 'SignatureRootsSecretArn', { value: this.signing.roots.secretArn });
    new CfnOutput(this, 'SignerSecretsPrefix', { value: this.signing.secretsPrefix });
  }
}
