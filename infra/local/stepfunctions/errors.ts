/**
 * Errors the local runtime raises: to callers, with the names the Step Functions service uses, so the API server
 * can answer them as the service does and `@aws-sdk/client-sfn` raises the same named exceptions; and inside a run,
 * the errors it hands the library.
 */

export const SERVICE_ERRORS = [
  'TaskDoesNotExist',
  'TaskTimedOut',
  'InvalidToken',
  'InvalidOutput',
  'ExecutionAlreadyExists',
  'ExecutionDoesNotExist',
  'InvalidArn',
  'InvalidName',
  'InvalidExecutionInput',
  'StateMachineDoesNotExist',
  'ValidationException',
] as const;

export type ServiceErrorName = (typeof SERVICE_ERRORS)[number];

export class SfnServiceError extends Error {
  override readonly name: ServiceErrorName;

  constructor(name: ServiceErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

export function isServiceError(err: unknown): err is SfnServiceError {
  return err instanceof SfnServiceError;
}

/** An error the library neither retries nor catches: used to wind runs down on stop and for local faults. */
export function fatal(name: string, message: string): Error & { isRetryable: false; isCatchable: false } {
  return Object.assign(new Error(message), {
    name,
    isRetryable: false as const,
    isCatchable: false as const,
  });
}
