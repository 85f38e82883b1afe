/**
 * Keeps a terminal readable while the functions run in the same process: the JSON log lines they write (the
 * Powertools logger writes one JSON object a line to stdout or stderr) go to a file; every other line stays.
 */
import { appendFileSync } from 'node:fs';

type Write = typeof process.stdout.write;

/** Sends the JSON lines written to stdout and stderr to `file` from now on; answers a function that stops it. */
export function jsonLinesTo(file: string): () => void {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      if (!text.trimStart().startsWith('{')) return write(chunk, ...rest);
      appendFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
      const done = rest.find((x): x is () => void => typeof x === 'function');
      done?.();
      return true;
    }) as Write;
  }
  return () => {
    streams.forEach((s, i) => {
      s.write = originals[i] as Write;
    });
  };
}
