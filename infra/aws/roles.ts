import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

/**
 * The statements on Resource "*" that AWS requires of the stack's roles, because their actions support no
 * resource-level permissions, each with the reason read out to cdk-nag.
 */
export const REQUIRED_WILDCARDS = {
  Tracing: {
    actions: [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
    ],
    reason:
      'Active X-Ray tracing sends trace segments and telemetry (and a state machine reads sampling rules); these ' +
      'X-Ray actions support no resource-level permissions: AWS requires Resource "*". This policy holds nothing else.',
  },
  LogDelivery: {
    actions: [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ],
    reason:
      "A state machine's execution logs go to CloudWatch Logs through vended log delivery, whose actions support no " +
      'resource-level permissions: AWS requires Resource "*". This policy holds nothing else.',
  },
  RandomPassword: {
    actions: ['secretsmanager:GetRandomPassword'],
    reason:
      'The rotation schedule grants its function secretsmanager:GetRandomPassword, which supports no resource-level ' +
      'permissions (AWS requires Resource "*"); the link-key rotation draws its keys from node:crypto and never ' +
      'calls it. This policy holds nothing else.',
  },
} as const satisfies Record<string, { actions: readonly string[]; reason: string }>;

type WildcardPolicy = keyof typeof REQUIRED_WILDCARDS;

const WILDCARD = 'AwsSolutions-IAM5[Resource::*]';

/** The required-wildcard policy a statement belongs in: Resource "*" only, and only actions that policy names. */
function wildcardPolicyOf(statement: iam.PolicyStatement): WildcardPolicy | undefined {
  const { resources, actions } = statement;
  if (statement.effect !== iam.Effect.ALLOW || resources.length !== 1 || resources[0] !== '*')
    return undefined;
  if (statement.notActions.length || statement.notResources.length) return undefined;
  if (Object.keys(statement.conditions ?? {}).length) return undefined;
  return (Object.keys(REQUIRED_WILDCARDS) as WildcardPolicy[]).find((name) => {
    const allowed: readonly string[] = REQUIRED_WILDCARDS[name].actions;
    return actions.length > 0 && actions.every((a) => allowed.includes(a));
  });
}

/**
 * A role whose required wildcards live apart. A statement on Resource "*" whose actions AWS allows only on "*"
 * (tracing, vended log delivery, the rotation's GetRandomPassword) goes to a policy of its own, named after what it
 * is for and acknowledged there alone; every other statement goes to the role's default policy, which carries no
 * wildcard acknowledgement, so any later statement on Resource "*" (say `s3:DeleteObject`) fails the synth.
 */
export class ServiceRole extends iam.Role {
  private readonly wildcardPolicies = new Map<WildcardPolicy, iam.Policy>();

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
  }

  override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const name = wildcardPolicyOf(statement);
    if (!name) return super.addToPrincipalPolicy(statement);
    let policy = this.wildcardPolicies.get(name);
    if (!policy) {
      policy = new iam.Policy(this, name, { roles: [this] });
      acknowledge(policy, WILDCARD, REQUIRED_WILDCARDS[name].reason);
      this.wildcardPolicies.set(name, policy);
    }
    policy.addStatements(statement);
    return { statementAdded: true, policyDependable: policy };
  }
}
