/**
 * The wrapper of every function EventBridge invokes (a schedule, a state machine's status change, SES's mail
 * feedback): the logs carry the invocation's Lambda context and the function's name, the outcome is logged, and a
 * failure is thrown so Lambda retries the event. Never the event itself into a log.
 */
import type { Context } from 'aws-lambda';
import { logger } from './logger.ts';

/** What a run may read of its invocation. */
export interface Run {
  /** milliseconds before the invocation times out (a long run, like a sweep, stops early and leaves the rest) */
  timeLeft(): number;
}

export function event<E, O extends object | undefined>(name: string, fn: (event: E, run: Run) => Promise<O>) {
  return async (input: E, context?: Context): Promise<O> => {
    if (context) logger.addContext(context);
    logger.appendKeys({ handler: name });
    try {
      const out = await fn(input, {
        timeLeft: () => (context ? context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY),
      });
      logger.info('event handled', { ...out });
      return out;
    } catch (error) {
      logger.error('event failed', { error: error as Error });
      throw error;
    } finally {
      // every key the invocation appended goes with it: a warm container never logs the previous event's visit
      logger.resetKeys();
    }
  };
}
