import { ENV } from '#functions/manifest.ts';

/**
 * Configuration read once, failing with a message that names the missing variable. Each function is given only
 * the variables its manifest entry implies (`variablesOf` in functions/manifest.ts), so a variable read here and
 * not declared there fails by name, in AWS and locally alike.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`the environment variable ${name} is not set`);
  return value;
}

/** The site's address (PUBLIC_URL) without a trailing slash, for the links in mail. */
export function requirePublicUrl(): string {
  return requireEnv(ENV.publicUrl).replace(/\/$/, '');
}

/** A positive whole number from the environment, failing with a message that names the variable. */
export function requirePositiveInteger(name: string): number {
  const text = requireEnv(name);
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`the environment variable ${name} must be a positive whole number, not "${text}"`);
  return value;
}

/** A value created on first use and kept for the life of the process (one SDK client per service). */
export function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = create();
      made = true;
    }
    return value as T;
  };
}
