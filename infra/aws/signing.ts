import { Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SIGNING_ALGORITHM } from './grants.ts';
import { acknowledge } from './nag.ts';

/** What the account may do with the signing key: administer it, never sign or verify with it. */
const KEY_ADMINISTRATION = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/**
 * Owns the stage's signing of issued documents: an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) whose private
 * half never leaves KMS, the secret holding its certificate chain (PEM, the key's certificate first: put there
 * after the deploy, from a licensed CA or, for a test stage, from a test CA), the secret holding the roots that
 * verification trusts (`{"licensed":[PEM…],"selfIssued":[PEM…]}`), and the name prefix under which agencies' CSC
 * logins are kept.
 *
 * The key's policy lets the account administer the key but not use it; only the roles given `allowSigning` (the
 * functions that issue documents) may sign with it, over digests and with its one algorithm. So no IAM policy in
 * the account can grant a signature with it.
 */
export class Signing extends Construct {
  readonly key: kms.Key;
  readonly certificate: secretsmanager.Secret;
  readonly roots: secretsmanager.Secret;
  /** agencies' CSC login secrets are named `<prefix><anything>` */
  readonly secretsPrefix: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Signs the issued documents (PAdES signatures of their PDF/A copies)',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AccountAdministersTheKeyButCannotUseIt',
            principals: [new iam.AccountRootPrincipal()],
            actions: KEY_ADMINISTRATION,
            resources: ['*'],
          }),
        ],
      }),
    });
    this.certificate = new secretsmanager.Secret(this, 'Certificate', {
      description: 'Certificate chain (PEM, the key certificate first) of the document signing KMS key',
      secretStringValue: SecretValue.unsafePlainText(
        '# No certificate yet: put the PEM chain of the signing key here (its certificate first).\n',
      ),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.roots = new secretsmanager.Secret(this, 'Roots', {
      description: 'Roots document signatures are verified against: {"licensed":[PEM],"selfIssued":[PEM]}',
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ licensed: [], selfIssued: [] })),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.secretsPrefix = `${stack.stackName}/signers/`;
    for (const secret of [this.certificate, this.roots])
      acknowledge(
        secret,
        'AwsSolutions-SMG4',
        'Holds certificates, which are public: nothing in it is a credential to rotate. A certificate is renewed by ' +
          'putting the new chain here; the signing key itself never leaves KMS.',
      );
  }

  /**
   * Lets `role` sign digests with the key (the key policy; the role's own policy comes from its grants, and reading
   * the public key is administration the account may grant).
   */
  allowSigning(role: iam.IRole): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [role],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': SIGNING_ALGORITHM },
        },
      }),
    );
  }
}
