import { fileURLToPath } from 'node:url';

/** The repository root (manifest entries are relative to it). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
