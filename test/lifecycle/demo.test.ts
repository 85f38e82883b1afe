import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/runtime.ts';
import { STARTS_A_PROCESS_MS } from '../support/timeouts.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ev-demo-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it(
    'plays the seed visit to the archive, verifies it, and prints where the documents are',
    async () => {
      const port = await freePort();
      const proc = spawn('npm', ['run', '--silent', 'demo'], {
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'INFO' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      proc.stdout.on('data', (d) => {
        out += String(d);
      });
      proc.stderr.on('data', (d) => {
        out += String(d);
      });
      const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
      expect(code, out).toBe(0);
      expect(out).toContain('The auditor verifies the archive');
      // the steps, not the functions' JSON log lines: those go to the file the demo names
      expect(out.split('\n').filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
      const logFile = join(dataDir, 'demo-functions.log');
      expect(out).toContain(logFile);
      const logged = readFileSync(logFile, 'utf8').trim().split('\n');
      expect(logged.length).toBeGreaterThan(10);
      for (const line of logged) expect(() => JSON.parse(line), line).not.toThrow();
      const files = out
        .split('\n')
        .filter((l) => l.trim().endsWith('.docx'))
        .map((l) => l.trim());
      expect(files.length).toBeGreaterThanOrEqual(3);
      const pdfs = out
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.endsWith('.pdf'));
      // the issued copies of the agenda and the minutes
      expect(pdfs).toHaveLength(2);
      for (const f of [...files, ...pdfs]) {
        expect(existsSync(f), f).toBe(true);
        expect(statSync(f).size).toBeGreaterThan(1000);
      }
    },
    STARTS_A_PROCESS_MS,
  );
});
