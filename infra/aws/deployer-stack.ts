import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** Where GitHub Actions' OpenID Connect tokens come from, and the audience AWS's STS expects in them. */
const GITHUB_ISSUER = 'token.actions.githubusercontent.com';
const STS_AUDIENCE = 'sts.amazonaws.com';
/** The qualifier `cdk bootstrap` gives its roles unless told otherwise. */
const BOOTSTRAP_QUALIFIER = 'hnb659fds';

export interface DeployerStackProps extends StackProps {
  stage: string;
  /** the GitHub repository allowed to deploy, "owner/name" */
  repository: string;
  /** the regions the stage's stacks live in (its own, and the backup copy's) */
  regions: string[];
  /** the account's GitHub OIDC provider, when one exists already (there can be one per account) */
  oidcProviderArn?: string;
}

/**
 * What lets the pipeline deploy without a stored key: GitHub's OIDC provider in the account, and two roles that
 * only workflow runs of one repository can assume. The deploy role, for runs in the GitHub environment named after
 * the stage (so production's approval rule guards it), may assume only the bootstrap roles `cdk deploy` uses; the
 * diff role, for pull-request runs, only the read-only lookup role `cdk diff` uses. Deployed once per stage by an
 * administrator; the pipeline never changes it.
 */
export class DeployerStack extends Stack {
  readonly deployRole: iam.Role;
  readonly diffRole: iam.Role;

  constructor(scope: Construct, id: string, props: DeployerStackProps) {
    super(scope, id, props);
    const provider = props.oidcProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GitHub', props.oidcProviderArn)
      : new iam.OidcProviderNative(this, 'GitHub', {
          url: `https://${GITHUB_ISSUER}`,
          clientIds: [STS_AUDIENCE],
          removalPolicy: RemovalPolicy.RETAIN,
        });
    const runsOf = (subject: string) =>
      new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_ISSUER}:aud`]: STS_AUDIENCE,
          [`${GITHUB_ISSUER}:sub`]: `repo:${props.repository}:${subject}`,
        },
      });
    const bootstrapRoles = (kinds: string[]) =>
      props.regions.flatMap((region) =>
        kinds.map((kind) =>
          this.formatArn({
            service: 'iam',
            region: '',
            resource: 'role',
            resourceName: `cdk-${BOOTSTRAP_QUALIFIER}-${kind}-role-${this.account}-${region}`,
          }),
        ),
      );

    this.deployRole = new iam.Role(this, 'DeployRole', {
      assumedBy: runsOf(`environment:${props.stage}`),
      description: `GitHub Actions deploys stage ${props.stage} of ${props.repository} through the CDK bootstrap roles`,
    });
    this.deployRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: bootstrapRoles(['deploy', 'file-publishing', 'lookup']),
      }),
    );
    this.diffRole = new iam.Role(this, 'DiffRole', {
      assumedBy: runsOf('pull_request'),
      description: `GitHub Actions shows the diff of stage ${props.stage} on pull requests of ${props.repository}`,
    });
    this.diffRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: bootstrapRoles(['lookup']),
      }),
    );

    new CfnOutput(this, 'DeployRoleArn', {
      value: this.deployRole.roleArn,
      description: `GitHub environment "${props.stage}": variable AWS_DEPLOY_ROLE_ARN`,
    });
    new CfnOutput(this, 'DiffRoleArn', {
      value: this.diffRole.roleArn,
      description: `GitHub repository variable ${props.stage.toUpperCase()}_DIFF_ROLE_ARN`,
    });
  }
}
