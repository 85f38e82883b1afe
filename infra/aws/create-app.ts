/**
 * Builds the CDK app: for the stage chosen by context, its stacks, each pinned to the stage's account and region
 * (`config.ts`), checked by cdk-nag's AwsSolutions and Serverless packs, with the context of `cdk.json`. `app.ts`
 * (what `cdk.json` runs) and the tests both build it here.
 *
 * - `ExchangeVisits-<stage>`: the application;
 * - `ExchangeVisits-<stage>-Sender` (when `emailIdentity` is `create`): the sender's SES identity, deployed first
 *   and verified (DKIM records in DNS) before the application's user pool may send through it;
 * - `ExchangeVisits-<stage>-BackupCopy` (when `backupCopyRegion` is set): the vault in that region that receives a
 *   copy of every recovery point;
 * - `ExchangeVisits-<stage>-Deployer` (when `githubRepository` is set): the roles the pipeline assumes through
 *   GitHub's OIDC, deployed once by an administrator.
 */
import { readFileSync } from 'node:fs';
import { App, type AppProps, Aws, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { BackupCopyStack } from './backup-copy-stack.ts';
import { readSettings, type Settings } from './config.ts';
import { DeployerStack } from './deployer-stack.ts';
import { addNagChecks } from './nag.ts';
import { SenderStack } from './sender-stack.ts';
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
  settings: Settings;
  stack: ExchangeVisitsStack;
  sender?: SenderStack;
  backupCopy?: BackupCopyStack;
  deployer?: DeployerStack;
}

/**
 * A stage synthesized without an account (an offline `cdk synth`, no `-c strict=true`) is for reading, not for
 * deploying: its templates carry a rule that CloudFormation checks before it changes anything, and that always
 * fails, naming what to set. So a plain `cdk deploy` of such a synth stops with that message instead of landing in
 * whatever account the caller's credentials happen to name.
 */
export function refuseUnplacedDeploys(stack: Stack, settings: Settings): void {
  if (settings.account && settings.region) return;
  new CfnRule(stack, 'StageIsPlaced', {
    assertions: [
      {
        // the bootstrap version the synthesizer reads from SSM is a number, never this word: the assertion fails
        assert: Fn.conditionContains(['stage-not-placed'], Fn.ref('BootstrapVersion')),
        assertDescription:
          `Stage "${settings.stage}" was synthesized without an account or region, so it is not deployed. Set ` +
          `stages.${settings.stage}.account and .region in cdk.json (or -c account=... -c region=...) and deploy ` +
          `with: npm run deploy -- -c stage=${settings.stage}`,
      },
    ],
  });
}

export function createApp(
  options: { context?: Record<string, unknown>; nag?: boolean } & AppProps = {},
): CreatedApp {
  const { context, nag = true, ...appProps } = options;
  const app = new App({ ...appProps, context: { ...projectContext(), ...context } });
  const settings = readSettings(app.node);
  const env = { account: settings.account, region: settings.region };
  const name = `ExchangeVisits-${settings.stage}`;

  const sender =
    settings.emailIdentity === 'create'
      ? new SenderStack(app, `${name}-Sender`, {
          env,
          senderEmail: settings.senderEmail,
          description: `Exchange visits (${settings.stage}): the sender's SES domain identity and its DKIM records`,
        })
      : undefined;
  const backupCopy = settings.backupCopyRegion
    ? new BackupCopyStack(app, `${name}-BackupCopy`, {
        env: { account: settings.account, region: settings.backupCopyRegion },
        vaultName: `${name}-copies`,
        description: `Exchange visits (${settings.stage}): the vault that keeps a copy of every backup`,
      })
    : undefined;
  const stack = new ExchangeVisitsStack(app, name, {
    settings,
    env,
    ...(backupCopy ? { backupCopyVault: backupCopy.vaultName } : {}),
    description: `Exchange visits (${settings.stage}): request, agenda, approval, minutes, archive`,
  });
  const deployer = settings.githubRepository
    ? new DeployerStack(app, `${name}-Deployer`, {
        env,
        stage: settings.stage,
        repository: settings.githubRepository,
        regions: [
          settings.region ?? Aws.REGION,
          ...(settings.backupCopyRegion ? [settings.backupCopyRegion] : []),
        ],
        ...(settings.githubOidcProviderArn ? { oidcProviderArn: settings.githubOidcProviderArn } : {}),
        description: `Exchange visits (${settings.stage}): the roles GitHub Actions deploys and diffs with`,
      })
    : undefined;
  if (deployer) refuseUnplacedDeploys(deployer, settings);
  for (const s of [stack, sender, backupCopy]) {
    if (!s) continue;
    refuseUnplacedDeploys(s, settings);
    if (s !== stack) stack.addStackDependency(s);
  }

  if (nag) addNagChecks(app);
  return {
    app,
    settings,
    stack,
    ...(sender ? { sender } : {}),
    ...(backupCopy ? { backupCopy } : {}),
    ...(deployer ? { deployer } : {}),
  };
}
