/**
 * The wrapper of every scheduled function, as `task` is of every Step Functions task: the logs carry the
 * invocation's Lambda context and the schedule's name, the run is told how much time it has left, and its outcome
 * is logged. The event is the schedule's (EventBridge Scheduler on AWS, the local runtime's timer): nothing in it
 * is read, so a run does the same whoever starts it.
 */
import type { Context } from 'aws-lambda';
import { logger } from './logger.ts';

/** What a run may read of its invocation. */
export interface Run {
  /** milliseconds before the invocation times out */
  timeLeft(): number;
}

export function scheduled<O extends object>(name: string, fn: (run: Run) => Promise<O>) {
  return async (_event: unknown, context?: Context): Promise<O> => {
    if (context) logger.addContext(context);
    logger.appendKeys({ schedule: name });
    try {
      const out = await fn({
        timeLeft: () => (context ? context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY),
      });
      logger.info('run done', { outcome: out });
      return out;
    } catch (error) {
      logger.error('run failed', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['schedule']);
    }
  };
}
