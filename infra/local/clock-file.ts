/**
 * The application clock's offset, kept in `<dataDir>/clock.json`, so that a restart finds the clock where
 * `POST /local/clock` left it: restored before anything reads the clock, saved after each move.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockOffset, setClockOffset } from '#adapters/clock.ts';

interface ClockFile {
  offsetMs: number;
}

/** Sets the clock's offset from the file, or to none when there is no file yet. */
export function restoreClock(dataDir: string): void {
  const file = join(dataDir, 'clock.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      setClockOffset(0);
      return;
    }
    throw err;
  }
  const stored = JSON.parse(text) as Partial<ClockFile>;
  if (typeof stored.offsetMs !== 'number' || !Number.isFinite(stored.offsetMs))
    throw new Error(`${file}: offsetMs must be a number of milliseconds`);
  setClockOffset(stored.offsetMs);
}

/** Writes the clock's offset, whole or not at all (a new file renamed over the old one). */
export function saveClock(dataDir: string): void {
  const file = join(dataDir, 'clock.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ offsetMs: clockOffset() } satisfies ClockFile)}\n`);
  renameSync(tmp, file);
}
