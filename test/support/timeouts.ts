/**
 * The time given to a hook or a test that starts a real process (Chromium, LibreOffice, `npm start`, `npm run
 * demo`, the benchmark's lifecycle): how long a process takes to start depends on how busy the machine is, so this
 * only catches a hang. Every other hook and test keeps the defaults of vitest.config.ts.
 */
export const STARTS_A_PROCESS_MS = 300_000;
