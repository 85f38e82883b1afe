import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ENV,
  type EnvVariable,
  environmentOf,
  FUNCTIONS,
  type FunctionName,
  type FunctionSpec,
} from '#functions/manifest.ts';
import { type GrantTargets, grantAccess } from './grants.ts';
import { ServiceFunction } from './service-function.ts';

/** The variables a stage has no value for, and why: a function declaring them runs on AWS without them. */
export const STAGE_VALUES_ABSENT = {
  [ENV.testSignerDir]:
    "the test CA is the local runtime's: a stage's agencies sign with its KMS key or a licensed CA's service",
} as const;

/** The variables a stage sets only where its settings give them (no timestamp authority: PAdES B-B signatures). */
type StageOptional = typeof ENV.timestampUrl;

/** The value of each variable on a stage: every one but those in `STAGE_VALUES_ABSENT`, the optional ones if set. */
export type StageValues = Record<
  Exclude<EnvVariable, keyof typeof STAGE_VALUES_ABSENT | StageOptional>,
  string
> &
  Partial<Record<StageOptional, string>>;

export interface FunctionsProps {
  logRetention: logs.RetentionDays;
}

/**
 * How each kind of function is invoked, and why the synchronous ones need no dead-letter queue: a queue would
 * never receive anything.
 */
const INVOCATION: Record<Exclude<FunctionSpec['kind'], 'event'>, string> = {
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
 * An event function is invoked asynchronously by EventBridge (`Triggers`). One on a schedule needs no dead-letter
 * queue, as the next run does the same whole work; any other event comes once, so its function gets a queue of its
 * own for the events its retries could not handle.
 */
function invocationOf(spec: FunctionSpec): string | { asynchronous: true } {
  if (spec.kind !== 'event') return INVOCATION[spec.kind];
  if (spec.trigger && 'everyMinutes' in spec.trigger)
    return (
      'Invoked by an EventBridge schedule: a failed run is retried, and the next scheduled run (minutes later) ' +
      'does the same whole, idempotent sweep again, so a dropped event loses nothing.'
    );
  return { asynchronous: true };
}

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
          invocation: invocationOf(spec),
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
  bind(values: StageValues, targets: GrantTargets): void {
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
