/**
 * AwaitMinutes' callback task: the same code as AwaitDecision (request-decision.ts); for the minutes wait it
 * records the task token and asks the host secretary, with reminders, to record the minutes through the form.
 */
export { handler } from './request-decision.ts';
