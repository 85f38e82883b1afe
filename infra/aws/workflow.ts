import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lifecycleChain, type TaskFunctionName } from '#workflows/lifecycle.ts';
import { acknowledge, wildcardResource } from './nag.ts';
import { ServiceRole } from './roles.ts';

export interface WorkflowProps {
  taskFunctions: Record<TaskFunctionName, lambda.IFunction>;
  logRetention: logs.RetentionDays;
}

/**
 * Owns the visit lifecycle's Standard state machine (the chain from `#workflows/lifecycle.ts`; Standard because
 * callbacks wait far longer than Express allows), its execution log group and its X-Ray tracing.
 */
export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // tracing and vended log delivery go to policies of their own (ServiceRole); LambdaInvoke to the default one
    const role = new ServiceRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
    });
    this.stateMachine = new sfn.StateMachine(this, 'Lifecycle', {
      role,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(lifecycleChain(this, props.taskFunctions)),
      tracingEnabled: true,
      // ALL events, but without execution data: states carry task tokens, which must never reach a log.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    for (const fn of Object.values<lambda.IFunction>(props.taskFunctions)) {
      acknowledge(
        role,
        wildcardResource(this, `${fn.functionArn}:*`),
        'LambdaInvoke allows the task function and its own versions and aliases (<function arn>:*); the wildcard ' +
          'reaches no other function.',
      );
    }
  }
}
