import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '#functions/manifest.ts';
import { type GrantTargets, grantAccess } from './grants.ts';
import { ServiceFunction } from './service-function.ts';

export interface FunctionsProps {
  /** environment every function starts with */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
}

/** How each kind of function is invoked: all synchronously, so a dead-letter queue would never receive anything. */
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
};

/**
 * Owns one `ServiceFunction` per entry of the manifest (`#functions/manifest.ts`), and applies each function's
 * declared access once the resources it points at exist (`grant`).
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
          environment: props.environment,
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

  /** Sets an environment variable on every function, or on those whose manifest access passes `where`. */
  addEnvironment(name: string, value: string, where: (spec: FunctionSpec) => boolean = () => true): void {
    for (const [fnName, f] of this.entries()) {
      if (where(FUNCTIONS[fnName])) f.fn.addEnvironment(name, value);
    }
  }

  /** Grants each function exactly the access its manifest entry declares. */
  grant(targets: GrantTargets): void {
    for (const [name, f] of this.entries()) grantAccess(f.role, FUNCTIONS[name].access, targets);
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
