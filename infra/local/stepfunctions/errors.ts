/**
 * Errors the local runtime raises with the names the Step Functions service uses, so the API server can answer
 * them as the service does and `@aws-sdk/client-sfn` raises the same named exceptions.
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
