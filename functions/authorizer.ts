/**
 * The HTTP API's Lambda REQUEST authorizer (payload 2.0, simple responses). It authenticates but does not decide
 * (docs/architecture.md, "Sign-in and who may do what"): it verifies the ID token from `Authorization: Bearer` or
 * the session cookie against the issuer's JWKS (the Cognito user pool in AWS, the local key locally: the same code,
 * configured by env) and passes the email the token proves, or none for no token, an expired one or one it cannot
 * verify (forged, tampered, for another audience). It never refuses: a refusal here would be API Gateway's bare
 * 403, while the HTTP wrapper (functions/commons/routes.ts) answers no identity with 401 or the way to sign in,
 * as a styled page for a browser.
 */
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { FetchError, JwtBaseError, JwtExpiredError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerResult,
  APIGatewaySimpleAuthorizerWithContextResult,
  Context,
} from 'aws-lambda';
import { requireEnv } from '#adapters/env.ts';
import { cookieValue } from '#commons/http.ts';
import { type AuthorizerContext, SESSION_COOKIE, toAuthorizerContext } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { WATCHED_LOG_LINES } from '#commons/watched-log-lines.ts';
import { ENV } from '#functions/manifest.ts';

const config = {
  issuer: requireEnv(ENV.jwtIssuer),
  jwksUri: requireEnv(ENV.jwksUri),
  audience: requireEnv(ENV.userPoolClientId),
};

/**
 * Fetches the JWKS with the runtime's fetch, which speaks https (Cognito) and plain http (the local runtime's
 * JWKS) alike; the library's own fetcher refuses anything but https. The scheme comes from JWKS_URI alone.
 */
const jwksFetcher: Fetcher = {
  async fetch(uri) {
    let res: Response;
    try {
      res = await fetch(uri, { signal: AbortSignal.timeout(3000), headers: { accept: 'application/json' } });
    } catch (err) {
      throw new FetchError(uri, err instanceof Error ? err.message : String(err));
    }
    if (res.status !== 200)
      throw new NonRetryableFetchError(uri, `Status code is ${res.status}, expected 200`);
    return res.arrayBuffer();
  },
};

const verifier = JwtRsaVerifier.create(
  { issuer: config.issuer, jwksUri: config.jwksUri, audience: config.audience },
  { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
);

type Result =
  | APIGatewaySimpleAuthorizerResult
  | APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;

const ANONYMOUS: APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext> = {
  isAuthorized: true,
  context: {},
};

/** The bearer token, else the session cookie's. */
export function tokenOf(event: APIGatewayRequestAuthorizerEventV2): string | undefined {
  const header = event.headers?.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1]) return match[1];
  }
  return cookieValue(event, SESSION_COOKIE);
}

/** The email a verified token proves: the directory decides everything else on each request. */
function emailOf(payload: Record<string, unknown>): string | undefined {
  const { email } = payload;
  return typeof email === 'string' && email !== '' ? email : undefined;
}

export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
  context?: Context,
): Promise<Result> => {
  if (context) logger.addContext(context);
  const token = tokenOf(event);
  if (!token) return ANONYMOUS;
  let payload: Record<string, unknown>;
  try {
    payload = await verifier.verify(token);
  } catch (err) {
    // signature checked before expiry: an expired token here was a genuine one
    if (err instanceof JwtExpiredError) return ANONYMOUS;
    // the issuer's keys could not be fetched: an outage, not a forged token (API Gateway answers 500); an alarm
    // counts this line
    if (err instanceof FetchError) {
      logger.error(WATCHED_LOG_LINES.jwksFetchFailed, {
        reason: err.constructor.name,
        routeKey: event.routeKey,
      });
      throw err;
    }
    if (err instanceof JwtBaseError) {
      // the error's class names the reason (e.g. JwtInvalidSignatureError); its message could quote claims
      logger.warn('token refused; treated as anonymous', {
        reason: err.constructor.name,
        routeKey: event.routeKey,
      });
      return ANONYMOUS;
    }
    throw err;
  }
  const email = emailOf(payload);
  if (!email) {
    logger.warn('verified token carries no email; treated as anonymous', { routeKey: event.routeKey });
    return ANONYMOUS;
  }
  return { isAuthorized: true, context: toAuthorizerContext(email) };
};
