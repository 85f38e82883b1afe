/** GET /healthz: readiness, no sign-in. */
import { json, type Result } from '#commons/http.ts';

export const handler = async (): Promise<Result> => json(200, { ok: true });
