/** Matching a request to the manifest's routes as API Gateway does: the most specific route wins. */
import type { Route } from '#functions/manifest.ts';

interface CompiledRoute {
  route: Route;
  segments: { literal?: string; param?: string; greedy?: boolean }[];
}

function compile(route: Route): CompiledRoute {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((s) => {
      const m = /^\{([A-Za-z0-9_]+)(\+)?\}$/.exec(s);
      return m ? { param: m[1], greedy: m[2] === '+' } : { literal: s };
    });
  return { route, segments };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The route for a method and raw path, and its decoded path parameters; the most specific wins (a literal
 * segment over a parameter, segment by segment), as in API Gateway.
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  rawPath: string,
): { route: Route; pathParameters: Record<string, string> } | undefined {
  const parts = rawPath.split('/').slice(1);
  let best: { route: Route; pathParameters: Record<string, string>; score: string } | undefined;
  for (const { route, segments } of routes.map(compile)) {
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    let score = '';
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const seg = segments[i]!;
      const part = parts[i];
      if (seg.greedy && seg.param) {
        const rest = parts.slice(i);
        if (rest.length === 0 || rest.join('') === '') ok = false;
        else params[seg.param] = decode(rest.join('/'));
        score += '0';
        i = parts.length;
        break;
      }
      if (part === undefined) ok = false;
      else if (seg.literal !== undefined) {
        ok = seg.literal === part;
        score += '2';
      } else if (seg.param) {
        ok = part !== '';
        params[seg.param] = decode(part);
        score += '1';
      }
    }
    const greedy = segments.some((s) => s.greedy);
    if (!ok || (!greedy && parts.length !== segments.length)) continue;
    if (!best || score > best.score) best = { route, pathParameters: params, score };
  }
  return best && { route: best.route, pathParameters: best.pathParameters };
}
