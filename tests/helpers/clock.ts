import { fileURLToPath } from 'node:url';
import type { ServerProcess } from './server-process';

const preload = fileURLToPath(new URL('./clock-shift.mjs', import.meta.url));

/** Environment for a test server whose calendar `moveClock` can move forward by `stepMs` at a time. */
export const movableClock = (stepMs: number): Record<string, string> => ({
  NODE_OPTIONS: `--import=${preload}`,
  FIREDRILL_TEST_CLOCK_STEP_MS: String(stepMs),
});

/** Moves a `movableClock` server's calendar one step forward; resolves once it has. */
export async function moveClock(server: ServerProcess): Promise<void> {
  const moved = server.logs.filter((line) => line.event === 'test.clock_moved').length;
  server.process.kill('SIGUSR2');
  let seen = 0;
  await server.waitForLog((line) => line.event === 'test.clock_moved' && ++seen > moved);
}
