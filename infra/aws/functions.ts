import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type EnvVariable,
  environmentOf,
  FUNCTIONS,
  type FunctionName,
  type FunctionSpec,
} from '#functions/manifest.ts';
import { type GrantTargets, grantAccess } from './grants.ts';
import { ServiceFunction } from './service-function.ts';

export interface FunctionsProps {
  logRetention: logs.RetentionDays;
}

/** How each kind of function is invoked, and why no dead-letter queue would ever hold anything of use. */
const INVOCATION: Record<FunctionSpec['kind'], string> = {
  http:
    'Invoked synchronously by API Gateway (HTTP API Lambda proxy); a failure is answered to the caller as a 5xx ' +
    'and nothing is queued, so there is no asynchronous event to dead-letter.',
  authorizer:
    'Invoked synchronously by API Gateway as the REQUEST authorizer; a failure denies that request, so there is no ' +
    'asynchronous event to dead-letter.',
  task:
    'Invoked synchronously by the Standard state machine (LambdaInvoke, request/response); a failure goes to the ' +
    "state's Retry and then its Catch, which records FAILED with the reason, so no event is ever lost.",
  schedule:
    'Invoked by its EventBridge Scheduler schedule, whose event carries nothing: what a run has to do is read from ' +
    'the table (the items whose turn has come), and what a failed run leaves stays due for the next run, so a ' +
    'dead-letter queue would hold only empty events.',
};

/**
 * Owns one `ServiceFunction` per entry of the manifest (`#functions/manifest.ts`), and binds each to what it
 * declares once the resources it points at exist (`bind`).
 */
export class Functions extends Construct {
  readonly byName: Record<FunctionName, ServiceFunction>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const entries = Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][];
    this.byName = Object.fromEntries(
      entries.map(([name, spec]) => [
        name,
        new ServiceFunction(this, pascal(name), {
          spec,
          logRetention: props.logRetention,
          invocation: INVOCATION[spec.kind],
        }),
      ]),
    ) as Record<FunctionName, ServiceFunction>;
  }

  /** Every function, with its manifest name. */
  entries(): [FunctionName, ServiceFunction][] {
    return Object.entries(this.byName) as [FunctionName, ServiceFunction][];
  }

  /**
   * Gives each function what its manifest entry declares and nothing else, the variable and the grant together
   * as a bound resource does: the statements of each access (`grantAccess`), and the variables its access and
   * settings imply (`environmentOf`) with their values here. A function with no access and no settings (the
   * health check) gets no variable at all.
   */
  bind(values: Record<EnvVariable, string>, targets: GrantTargets): void {
    for (const [name, f] of this.entries()) {
      const spec = FUNCTIONS[name];
      for (const [variable, value] of Object.entries(environmentOf(spec, values)))
        f.fn.addEnvironment(variable, value);
      grantAccess(f.role, spec.access, targets);
    }
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
