/**
 * The wrapper of every Step Functions task: checks the input names a visit, keys the logs by it, and logs the
 * outcome. Task inputs are the workflow's own state (never a link or task token in a log: only the visit id and
 * the wait's kind are logged). The logs carry the invocation's Lambda context (function, request id).
 */
import type { Context } from 'aws-lambda';
import { VISIT_CANCELLED } from '#domain/errors.ts';
import { VISIT_ID } from '#domain/ids.ts';
import { logger } from './logger.ts';

export function task<I extends { visitId: string }, O>(name: string, fn: (input: I) => Promise<O>) {
  return async (input: I, context?: Context): Promise<O> => {
    if (context) logger.addContext(context);
    if (!input || typeof input.visitId !== 'string' || !VISIT_ID.test(input.visitId)) {
      const error = new Error(`${name}: the input names no visit`);
      error.name = 'BadTaskInput';
      throw error;
    }
    logger.appendKeys({ visitId: input.visitId, task: name });
    try {
      const out = await fn(input);
      logger.info('task done');
      return out;
    } catch (error) {
      // a visit called off while this step ran: the chain routes it to its Cancelled end, nothing went wrong
      if ((error as Error).name === VISIT_CANCELLED) logger.info('task ended: the visit was cancelled');
      else logger.error('task failed', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['visitId', 'task']);
    }
  };
}
