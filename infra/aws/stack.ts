import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type Access, ENV, FUNCTIONS, type FunctionSpec, ROUTES } from '#functions/manifest.ts';
import { TASK_FUNCTIONS, type TaskFunctionName } from '#workflows/lifecycle.ts';
import { Api } from './api.ts';
import { Auth } from './auth.ts';
import { isProduction, type Settings } from './config.ts';
import { Functions } from './functions.ts';
import { LinkKey } from './link-key.ts';
import { Mail } from './mail.ts';
import { Signing } from './signing.ts';
import { Storage } from './storage.ts';
import { Workflow } from './workflow.ts';

export interface ExchangeVisitsStackProps extends StackProps {
  settings: Settings;
}

/**
 * The whole application in one stack, one construct per concern. Order matters only where a value flows one way:
 * the API exists before the user pool (its URL is the sign-in callback), the task functions before the state
 * machine, and the state machine before `submitVisit` is given its ARN and the right to start it.
 */
export class ExchangeVisitsStack extends Stack {
  readonly storage: Storage;
  readonly linkKey: LinkKey;
  readonly mail: Mail;
  readonly api: Api;
  readonly auth: Auth;
  readonly functions: Functions;
  readonly workflow: Workflow;
  readonly signing: Signing;

  constructor(scope: Construct, id: string, props: ExchangeVisitsStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const production = isProduction(settings.stage);
    const logRetention = production ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH;

    this.storage = new Storage(this, 'Storage', {
      production,
      archiveRetentionDays: settings.archiveRetentionDays,
    });
    this.linkKey = new LinkKey(this, 'LinkKey', { logRetention });
    this.mail = new Mail(this, 'Mail', { senderEmail: settings.senderEmail });
    this.signing = new Signing(this, 'Signing');
    this.api = new Api(this, 'Api', { logRetention });
    this.auth = new Auth(this, 'Auth', {
      publicUrl: this.api.url,
      production,
      ...(settings.authDomainPrefix ? { domainPrefix: settings.authDomainPrefix } : {}),
    });

    this.functions = new Functions(this, 'Functions', {
      logRetention,
      environment: {
        [ENV.table]: this.storage.table.tableName,
        [ENV.documentsBucket]: this.storage.documentsBucket.bucketName,
        [ENV.archiveBucket]: this.storage.archiveBucket.bucketName,
        [ENV.archiveRetentionDays]: String(settings.archiveRetentionDays),
        [ENV.sender]: settings.senderEmail,
        [ENV.configurationSet]: this.mail.configurationSet.configurationSetName,
        [ENV.linkKeySecret]: this.linkKey.secret.secretArn,
        [ENV.publicUrl]: this.api.url,
        [ENV.userPoolId]: this.auth.userPool.userPoolId,
        [ENV.userPoolClientId]: this.auth.client.userPoolClientId,
        [ENV.cognitoDomain]: this.auth.domain.baseUrl(),
        [ENV.jwksUri]: this.auth.jwksUri,
        [ENV.jwtIssuer]: this.auth.issuer,
      },
    });
    const fns = this.functions.byName;

    const taskFunctions = Object.fromEntries(TASK_FUNCTIONS.map((name) => [name, fns[name].fn])) as Record<
      TaskFunctionName,
      (typeof fns)[TaskFunctionName]['fn']
    >;
    this.workflow = new Workflow(this, 'Workflow', { taskFunctions, logRetention });
    // Only the starters get the machine's ARN: a task function referring to its own machine would be a cycle.
    this.functions.addEnvironment(ENV.stateMachineArn, this.workflow.stateMachine.stateMachineArn, (spec) =>
      (spec.access as readonly string[]).includes('workflow:start'),
    );

    // Only the sign-in function sends browsers to the managed login.
    this.functions.addEnvironment(
      ENV.cognitoDomain,
      this.auth.domain.baseUrl(),
      (spec) => spec.entry === 'functions/auth.ts',
    );

    // Signing: the issuing functions get the key, its certificate and the timestamp authority; whoever checks a
    // signature gets the roots. Only the issuing functions may sign with the key (its policy names their roles).
    const signs = (spec: FunctionSpec) => (spec.access as readonly Access[]).includes('signer:sign');
    this.functions.addEnvironment(ENV.signerKeyId, this.signing.key.keyArn, signs);
    this.functions.addEnvironment(ENV.signerCertificateSecret, this.signing.certificate.secretArn, signs);
    if (settings.timestampUrl) this.functions.addEnvironment(ENV.timestampUrl, settings.timestampUrl, signs);
    this.functions.addEnvironment(ENV.signatureRootsSecret, this.signing.roots.secretArn, (spec) =>
      (spec.access as readonly Access[]).includes('signatureRoots:read'),
    );
    for (const [name, f] of this.functions.entries())
      if (signs(FUNCTIONS[name])) this.signing.allowSigning(f.role);

    this.functions.grant({
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
    });

    const httpFns = Object.fromEntries(this.functions.entries().map(([name, f]) => [name, f.fn])) as Record<
      keyof typeof FUNCTIONS,
      (typeof fns)[keyof typeof FUNCTIONS]['fn']
    >;
    this.api.addRoutes(ROUTES, httpFns, fns.authorizer.fn);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the web app and API' });
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.storage.documentsBucket.bucketName });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.storage.archiveBucket.bucketName });
    new CfnOutput(this, 'AccessLogsBucketName', { value: this.storage.accessLogsBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: this.auth.domain.baseUrl() });
    new CfnOutput(this, 'SigningKeyArn', { value: this.signing.key.keyArn });
    new CfnOutput(this, 'SigningCertificateSecretArn', { value: this.signing.certificate.secretArn });
    new CfnOutput(this, 'SignatureRootsSecretArn', { value: this.signing.roots.secretArn });
    new CfnOutput(this, 'SignerSecretsPrefix', { value: this.signing.secretsPrefix });
  }
}
