/**
 * Log lines that alarms watch: a metric filter in the stack counts each one (`infra/aws/monitoring.ts`). The
 * message is the contract between the function that writes it and the filter that reads it, so it is written once,
 * here.
 */
export const WATCHED_LOG_LINES = {
  /** the authorizer could not fetch the user pool's signing keys: every signed-in request fails until it can */
  jwksFetchFailed: 'issuer keys could not be fetched',
} as const;
