/**
 * The reminder sweep, on a schedule (the manifest's trigger, `everyMinutes`): every action item whose turn has come gets its
 * mail (its link, a reminder before, on or after its due date, its reopening), once.
 */
import { requirePublicUrl } from '#adapters/env.ts';
import { followUpDeps } from '#adapters/follow-up.ts';
import { event } from '#commons/event.ts';
import { logger } from '#commons/logger.ts';
import { sweepReminders } from '#domain/follow-up/sweep.ts';

// the site's address is read at start-up, so that a function deployed without it fails its cold start by name
requirePublicUrl();

export const handler = event('SendActionReminders', (_scheduled: unknown, run) =>
  sweepReminders(followUpDeps(), {
    timeLeft: run.timeLeft,
    onFailure: (item, error) =>
      logger.error('turn failed', { visitId: item.visitId, actionId: item.id, error: error as Error }),
  }),
);
