/**
 * How every function is bundled, shared by the stack (infra/aws) and the benchmarks (bench/), so that what is
 * measured is what is deployed.
 */
import { fileURLToPath } from 'node:url';

/** Modules the bundler replaces: the SDK's default credential chain by the environment-only provider. */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(
    new URL('../functions/commons/lambda-credentials.ts', import.meta.url),
  ),
};
