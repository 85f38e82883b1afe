/**
 * The local stand-in for the managed login page (`GET /auth/sign-in`): a list of who may sign in now (the enabled
 * users of the directory), each a button that posts its email, with `next`, to `/local/sign-in`. Shown again with a
 * notice when the email is unknown.
 */
import type { SignInUser } from '#infra/local/local-routes.ts';
import { esc } from '#templates/html.ts';

export function signInPage(users: readonly SignInUser[], next: string, notice?: string): string {
  const rows = users
    .map(
      (u) =>
        `<li><button name="email" value="${esc(u.email)}">${esc(u.name)}</button> <small>${esc(
          u.roles.join(', '),
        )} · ${esc(u.agencyName)} · ${esc(u.email)}</small></li>`,
    )
    .join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Đăng nhập (máy cục bộ)</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}li{margin:.5rem 0}button{font:inherit;padding:.3rem .8rem}</style></head>
<body><main><h1>Đăng nhập</h1><p>Bản chạy cục bộ: chọn một người dùng trong danh bạ. <small>(Local runtime: pick a user of the directory.)</small></p>
${notice ? `<p role="alert">${esc(notice)}</p>` : ''}
<form method="post" action="/local/sign-in"><input type="hidden" name="next" value="${esc(next)}"><ul>${rows}</ul></form>
</main></body></html>`;
}
