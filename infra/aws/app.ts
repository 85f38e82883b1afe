/** The CDK app that `cdk.json` runs. A setting that is missing or wrong stops it with the message alone. */
import { createApp } from './create-app.ts';

try {
  createApp().app.synth();
} catch (error) {
  if (!(error instanceof Error) || error.name !== 'Error') throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
