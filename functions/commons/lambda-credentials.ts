/**
 * What a function's bundle uses in place of `@aws-sdk/credential-provider-node`: Lambda gives a function its role's
 * credentials in the environment, so the default chain's other links (SSO, shared files, processes, web identity,
 * instance metadata) are ~90 KB that never run there. Only the bundler swaps it in (infra/bundling.ts); the tests
 * and the local runtime run the SDK's own chain, which reads the same variables first.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type Init = Parameters<typeof fromEnv>[0];
type Credentials = { expiration?: Date };

export const defaultProvider = (init: Init = {}) => fromEnv(init);

export const credentialsWillNeedRefresh = (credentials?: Credentials) =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials?: Credentials) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
