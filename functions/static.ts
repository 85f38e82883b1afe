/**
 * GET /static/{file}: the stylesheet and the (enhancing) script of the pages; public, cacheable. Also the
 * `$default` route (functions/manifest.ts, DEFAULT_ROUTE): any address no route matches answers the styled 404
 * in the request's language, or JSON for a JSON client.
 */
import { createHash } from 'node:crypto';
import { json, SECURITY_HEADERS } from '#commons/http.ts';
import { http } from '#commons/routes.ts';
import { pageNotFound } from '#templates/pages/errors.ts';
import { APP_CSS } from '#templates/static/app-css.ts';
import { APP_JS } from '#templates/static/app-js.ts';

interface Asset {
  type: string;
  body: string;
  etag: string;
}

function asset(type: string, body: string): Asset {
  return { type, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

const ASSETS: Record<string, Asset> = {
  'app.css': asset('text/css; charset=utf-8', APP_CSS),
  'app.js': asset('text/javascript; charset=utf-8', APP_JS),
};

export const handler = http(
  'static',
  {
    'GET /static/{file}': async ({ event, params }) => {
      const found = Object.hasOwn(ASSETS, params.file) ? ASSETS[params.file] : undefined;
      if (!found)
        return {
          statusCode: 404,
          headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
          body: 'Not found',
        };
      const headers = {
        ...SECURITY_HEADERS,
        'content-type': found.type,
        'cache-control': 'public, max-age=3600',
        etag: found.etag,
      };
      if (event.headers['if-none-match'] === found.etag) return { statusCode: 304, headers, body: '' };
      return { statusCode: 200, headers, body: found.body };
    },
  },
  {
    unmatched: async (req) =>
      req.wantsJson
        ? json(404, {
            error: {
              code: 'NOT_FOUND',
              message: req.lang === 'en' ? 'No such address' : 'Không có địa chỉ này',
            },
          })
        : req.page(pageNotFound(req.viewer), 404),
  },
);
