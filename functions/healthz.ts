/** GET /healthz: readiness, no sign-in. */
import { json } from '#commons/http.ts';
import { http } from '#commons/routes.ts';

export const handler = http('healthz', { 'GET /healthz': async () => json(200, { ok: true }) });
