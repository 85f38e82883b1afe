/**
 * Where the local Cognito emulator (cognito-local) keeps its pools: one JSON file per data store under its
 * directory, as cognito-local's own StormDB store does, but written the way the runtime writes its other files: to a
 * temporary file renamed over the old one, one write at a time. cognito-local's engine truncates the file and
 * writes it in place, several writes at once, so a kill (`npm start` promises a restart after SIGKILL) can leave
 * half a file that no start reads again; here a kill leaves the last whole state.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

interface Ctx {
  logger: unknown;
}

interface EngineOptions {
  async: boolean;
  serialize: (value: unknown) => string;
  deserialize: (text: string) => unknown;
}

interface FileEngine {
  path: string;
  serialize: (value: unknown) => string;
  init(): unknown;
  write(data: unknown): Promise<void> | null;
}

type StormDbClass = (new (
  engine: FileEngine,
) => {
  default(value: unknown): unknown;
  save(): Promise<void> | null;
}) & { localFileEngine: new (path: string, options: EngineOptions) => FileEngine };

/** cognito-local keeps dates as ISO strings in attributes whose name ends in "Date" (its own store's rule). */
function replaceDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (!key.endsWith('Date')) return value;
  const date = this[key];
  if (!(date instanceof Date)) throw new Error(`Serialize: expected ${key} to hold a Date`);
  return date.toISOString();
}

function reviveDates(key: string, value: unknown): unknown {
  if (!key.endsWith('Date')) return value;
  if (typeof value === 'number' || typeof value === 'string') return new Date(value);
  throw new Error(`Deserialize: expected ${key} to hold a string or a number`);
}

function writeWhole(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** A data store factory cognito-local takes in place of its StormDBDataStoreFactory. */
export function killSafeDataStores(directory: string) {
  const StormDB = require('stormdb') as StormDbClass;
  const { StormDBDataStore } = require('cognito-local/lib/services/dataStore/stormDb') as {
    StormDBDataStore: new (db: unknown) => unknown;
  };

  class WholeFileEngine extends StormDB.localFileEngine {
    #writes: Promise<void> = Promise.resolve();

    override init(): unknown {
      if (!existsSync(this.path)) writeWhole(this.path, this.serialize({}));
      return super.init();
    }

    /** Each state as it is now, written after the writes before it: the file always holds a whole one. */
    override write(data: unknown): Promise<void> {
      const text = this.serialize(data);
      const written = this.#writes.then(() => writeWhole(this.path, text));
      this.#writes = written.catch(() => undefined);
      return written;
    }
  }

  return {
    async create(_ctx: Ctx, id: string, defaults: object) {
      mkdirSync(directory, { recursive: true });
      const db = new StormDB(
        new WholeFileEngine(join(directory, `${id}.json`), {
          async: true,
          serialize: (value) => JSON.stringify(value, replaceDates, 2),
          deserialize: (text) => JSON.parse(text, reviveDates),
        }),
      );
      db.default(defaults);
      await db.save();
      return new StormDBDataStore(db);
    },
  };
}
