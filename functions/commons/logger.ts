/** The structured logger (Powertools), one per process; the visit id is the correlation id. Never log an event. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'exchange-visits' });
