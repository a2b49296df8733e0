import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A Firedrill server running as a real child process (server/index.ts, production build). */
export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  /** Every JSON log line so far, parsed. */
  logs: Record<string, unknown>[];
  /** Raw stdout+stderr, for failure messages. */
  output: () => string;
  process: ChildProcess;
  /** Resolves with the first log line (already seen or future) matching `test`. */
  waitForLog(
    test: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL (kill -9) and wait for exit. */
  kill(): Promise<void>;
}

/** Options for a test server. */
export interface ServerOptions {
  /** PGlite folder; a fresh temp folder when neither this nor databaseUrl is given. */
  dataDir?: string;
  databaseUrl?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  env?: Record<string, string>;
}

/** RATE_LIMITS that no suite reaches (see server/access/limits.ts for the names). */
export const relaxedLimits =
  'join-per-workshop=1000000,join-per-address=1000000,wrong-token-per-address=1000000,create-per-address=1000000';

/**
 * A fresh temporary folder for PGlite data: a copy of the migrated template the global setup made
 * (tests/setup/pglite-template.ts), or empty when there is none.
 */
export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'firedrill-test-'));
  const template = process.env.FIREDRILL_PGLITE_TEMPLATE;
  if (template) cpSync(template, dir, { recursive: true });
  return dir;
}

/** Starts server/index.ts and resolves once it listens. */
export function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // FIREDRILL_TEST_NODE_ENV=development runs the suites on Next's dev server (compiles on
      // demand) when a branch changes app/ and no production build of it is at hand.
      NODE_ENV: process.env.FIREDRILL_TEST_NODE_ENV === 'development' ? 'development' : 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      // Every test client connects from 127.0.0.1: suites and benches create far more workshops and
      // joins from one address than a public server allows. Limit tests pass their own RATE_LIMITS.
      RATE_LIMITS: relaxedLimits,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<{
    test: (line: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }>();
  let raw = '';
  let pending = '';
  const onData = (chunk: Buffer) => {
    raw += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        logs.push(parsed);
        for (const waiter of waiters) {
          if (waiter.test(parsed)) {
            waiters.delete(waiter);
            waiter.resolve(parsed);
          }
        }
      } catch {
        // not a log line
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForLog: ServerProcess['waitForLog'] = (test, timeoutMs = 20_000) => {
    const seen = logs.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      waiters.add(waiter);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`timed out waiting for a log line; output so far:\n${raw.slice(-4000)}`));
      }, timeoutMs);
      timer.unref();
      void exited.then(() => {
        if (!waiters.has(waiter)) return;
        waiters.delete(waiter);
        clearTimeout(timer);
        reject(new Error(`server exited; output:\n${raw.slice(-4000)}`));
      });
    });
  };

  const startedLine = waitForLog((line) => line.event === 'server.started', 60_000);
  // It never said it started (timed out, or LOG_LEVEL hides the line): leave no process behind.
  startedLine.catch(() => child.kill('SIGKILL'));
  return startedLine.then((started) => {
    const port = Number(started.port);
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      dataDir,
      logs,
      output: () => raw,
      process: child,
      waitForLog,
      stop: async () => {
        child.kill('SIGTERM');
        return exited;
      },
      kill: async () => {
        child.kill('SIGKILL');
        await exited;
      },
    };
  });
}
