/**
 * Builds the CDK app: one stack per stage, checked by cdk-nag's AwsSolutions and Serverless packs, with the
 * context of `cdk.json`. `app.ts` (what `cdk.json` runs) and the tests both build it here.
 */
import { readFileSync } from 'node:fs';
import { App, type AppProps } from 'aws-cdk-lib';
import { readSettings } from './config.ts';
import { addNagChecks } from './nag.ts';
import { PROJECT_ROOT } from './service-function.ts';
import { ExchangeVisitsStack } from './stack.ts';

/** The context in `cdk.json`; values given on the command line (`-c`) take precedence. */
export function projectContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${PROJECT_ROOT}cdk.json`, 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface CreatedApp {
  app: App;
  stack: ExchangeVisitsStack;
}

export function createApp(
  options: { context?: Record<string, unknown>; nag?: boolean } & AppProps = {},
): CreatedApp {
  const { context, nag = true, ...appProps } = options;
  const app = new App({ ...appProps, context: { ...projectContext(), ...context } });
  const settings = readSettings(app.node);
  const stack = new ExchangeVisitsStack(app, `ExchangeVisits-${settings.stage}`, {
    settings,
    description: `Exchange visits (${settings.stage}): request, agenda, approval, minutes, archive`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  if (nag) addNagChecks(app);
  return { app, stack };
}
