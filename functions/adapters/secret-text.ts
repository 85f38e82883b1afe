/** A secret's string value from Secrets Manager, kept for five minutes (a rotated value is picked up without a restart). */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const CACHE_MS = 5 * 60_000;

export function cachedSecretText(client: () => SecretsManagerClient, secretId: string, now = Date.now) {
  let cached: { text: string; readAt: number } | undefined;
  return async (): Promise<string> => {
    if (cached && now() - cached.readAt < CACHE_MS) return cached.text;
    const out = await client().send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!out.SecretString) throw new Error(`the secret ${secretId} has no string value`);
    cached = { text: out.SecretString, readAt: now() };
    return cached.text;
  };
}
