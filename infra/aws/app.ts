/** The CDK app that `cdk.json` runs. */
import { createApp } from './create-app.ts';

createApp().app.synth();
