import { describe, expect, it } from 'vitest';
import { assertCsrf, CsrfError, csrfFor, csrfToken, isCookieAuthenticated } from '#commons/csrf.ts';

const session = 'eyJhbGciOiJSUzI1NiJ9.eyJlbWFpbCI6ImgifQ.sig';
const cookieEvent = (extra: Record<string, string> = {}) => ({
  cookies: ['lang=vi', `ev_session=${session}`],
  headers: { ...extra } as Record<string, string>,
});

describe('CSRF tokens for cookie sessions', () => {
  it('derive one token per session, different for another session', () => {
    expect(csrfToken(session)).toBe(csrfToken(session));
    expect(csrfToken(session)).not.toBe(csrfToken(`${session}x`));
    expect(csrfToken(session)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfFor(cookieEvent())).toBe(csrfToken(session));
  });

  it('let a cookie-authenticated post through with the token in the form or in the header', () => {
    expect(() => assertCsrf(cookieEvent(), { _csrf: csrfToken(session) })).not.toThrow();
    expect(() => assertCsrf(cookieEvent({ 'x-csrf-token': csrfToken(session) }), {})).not.toThrow();
  });

  it('refuse a cookie-authenticated post without the token, or with another session’s', () => {
    expect(() => assertCsrf(cookieEvent(), {})).toThrow(CsrfError);
    expect(() => assertCsrf(cookieEvent(), { _csrf: csrfToken('another') })).toThrow(CsrfError);
    expect(() => assertCsrf(cookieEvent(), { _csrf: ['a'] })).toThrow(CsrfError);
    try {
      assertCsrf(cookieEvent(), {});
    } catch (e) {
      expect((e as CsrfError).status).toBe(403);
    }
  });

  it('ask nothing of a Bearer-authenticated or anonymous request', () => {
    const bearer = { cookies: [`ev_session=${session}`], headers: { authorization: 'Bearer abc.def.ghi' } };
    expect(isCookieAuthenticated(bearer)).toBe(false);
    expect(() => assertCsrf(bearer, {})).not.toThrow();
    expect(() => assertCsrf({ headers: {} }, {})).not.toThrow();
  });

  it('read the session from a raw Cookie header as well', () => {
    expect(csrfFor({ headers: { cookie: `a=1; ev_session=${session}` } })).toBe(csrfToken(session));
  });
});
