/**
 * The functions' handlers, loaded locally from the same modules the stack bundles (the manifest's `entry`), each
 * once, on its first invocation: by then the runtime has set the variables the handlers read at start-up.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '#functions/manifest.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type AnyHandler = (event: unknown, context: Context) => unknown;

/** Told of each invocation as it settles: the function and its duration in ms. */
export type OnInvoke = (fn: FunctionName, ms: number) => void;

/** A loader of each function's handler, timed for `onInvoke` when given; a failed load is tried again next time. */
export function handlerLoader(onInvoke?: OnInvoke): (fn: FunctionName) => Promise<AnyHandler> {
  const cache = new Map<FunctionName, Promise<AnyHandler>>();
  return (fn) => {
    let loading = cache.get(fn);
    if (!loading) {
      const url = pathToFileURL(join(REPO_ROOT, FUNCTIONS[fn].entry)).href;
      loading = import(url).then((mod: { handler?: unknown }) => {
        if (typeof mod.handler !== 'function') throw new Error(`${FUNCTIONS[fn].entry} exports no handler`);
        const handler = mod.handler as AnyHandler;
        if (!onInvoke) return handler;
        return async (event: unknown, context: Context) => {
          const started = performance.now();
          try {
            return await handler(event, context);
          } finally {
            onInvoke(fn, performance.now() - started);
          }
        };
      });
      loading.catch(() => cache.delete(fn));
      cache.set(fn, loading);
    }
    return loading;
  };
}
