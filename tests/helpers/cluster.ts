/**
 * Several Firedrill processes behind HAProxy (deploy/haproxy.cfg), over one PostgreSQL database and one
 * Redis, for tests and the benchmark:
 *
 *   const redis = await startPrivateRedis();          // own redis-server, can be stopped and restarted
 *   const database = await createTestDatabase();      // fresh database on TEST_DATABASE_URL
 *   const cluster = await startCluster({ databaseUrl: database.url, redisUrl: redis.url });
 *   await fetch(`${cluster.url}/readyz`);             // through HAProxy, round-robin over p1..p3
 *   await cluster.kill(1);                            // SIGKILL p2 (index 1)
 *   await cluster.startAgain(1);                      // p2 again, same port, waits until HAProxy sees it
 *   await cluster.stop(); await database.drop(); await redis.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresDatabase } from './databases';
import { type ServerProcess, startServer } from './server-process';

const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';
const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
const HAPROXY_CONFIG = fileURLToPath(new URL('../../deploy/haproxy.cfg', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tail = (text: string, chars = 4000) => (text.length > chars ? `…${text.slice(-chars)}` : text);
const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** A TCP port nobody listens on right now (the caller binds it soon after; good enough on loopback). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A child process with its output kept (the last 256 KiB) for failure messages. */
function spawnCaptured(command: string, args: string[], env: Record<string, string | undefined>) {
  const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let raw = '';
  const onData = (chunk: Buffer) => {
    raw += chunk.toString();
    if (raw.length > 512 * 1024) raw = raw.slice(-256 * 1024);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      raw += `\nspawn ${command} failed: ${error.message}\n`;
      resolve(null);
    });
  });
  /** Sends `signal`, escalates to SIGKILL after `graceMs`, resolves with the exit code. */
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) => {
    if (isRunning(child)) child.kill(signal);
    const timer = setTimeout(() => {
      if (isRunning(child)) child.kill('SIGKILL');
    }, graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { child, exited, output: () => raw, stop };
}

// ---------------------------------------------------------------------------------------------------
// Redis

/** A redis-server of the test's own, on its own port, without persistence. */
export interface PrivateRedis {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Its log so far (all starts), for failure messages. */
  output(): string;
  /** Stops it (SIGTERM, or SIGKILL for a harsher outage) and waits for the exit. Its data is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (empty) and waits until it answers PING. */
  start(): Promise<void>;
}

/** Resolves once the Redis at `port` answers PING, or rejects after `timeoutMs`. */
export async function waitForRedis(port: number, timeoutMs = 10_000, host = '127.0.0.1') {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(port, host);
      let data = '';
      const done = (value: string) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(500, () => done('timeout'));
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        data += chunk.toString();
        if (data.includes('\r\n')) done(data.trim());
      });
      socket.on('error', (error) => done(error.message));
    });
    if (answer === '+PONG') return;
    last = answer;
    await sleep(50);
  }
  throw new Error(`Redis on ${host}:${port} did not answer PING within ${timeoutMs} ms (last: ${last})`);
}

/**
 * Spawns `redis-server --port <free port> --bind 127.0.0.1 --save "" --appendonly no` and waits until
 * it answers PING. Tests stop and start it to simulate a Redis outage; nothing else uses its port.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let log = '';
  let current: ReturnType<typeof spawnCaptured> | undefined;
  const start = async () => {
    if (current && isRunning(current.child)) throw new Error(`Redis on port ${port} is already running`);
    const started = spawnCaptured(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        // Nothing is written (no RDB, no AOF); a neutral working directory all the same.
        '--dir',
        tmpdir(),
        '--daemonize',
        'no',
      ],
      { PATH: process.env.PATH },
    );
    current = started;
    void started.exited.then(() => {
      log += started.output();
    });
    try {
      await Promise.race([
        waitForRedis(port),
        started.exited.then((code) => {
          throw new Error(`redis-server exited (${code}) while starting`);
        }),
      ]);
    } catch (error) {
      await started.stop('SIGKILL');
      throw new Error(`${(error as Error).message}\n${tail(log + started.output())}`);
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    output: () => log + (current && isRunning(current.child) ? current.output() : ''),
    start,
    stop: async (signal = 'SIGTERM') => {
      await current?.stop(signal);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL

/** A fresh database on TEST_DATABASE_URL's server (shared by every process of a cluster). */
export interface ClusterDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates a fresh database on `process.env.TEST_DATABASE_URL` (see tests/helpers/databases.ts). */
export async function createTestDatabase(): Promise<ClusterDatabase> {
  const database = await createPostgresDatabase();
  if (!database.url) throw new Error('createPostgresDatabase returned no URL');
  return { url: database.url, drop: () => database.drop() };
}

// ---------------------------------------------------------------------------------------------------
// HAProxy

/** One Firedrill server as HAProxy sees it (a row of `show stat`). */
export interface BackendServerState {
  /** p1, p2, … */
  name: string;
  /** UP, DOWN, "UP 1/2" (going down), "DOWN 1/2" (going up), MAINT, no check … */
  status: string;
  /** Last health check: L7OK, L7STS (wrong status, e.g. 503), L4CON (refused), INI (none yet) … */
  checkStatus: string;
  /** HTTP status of the last check, if any. */
  checkCode: string;
  /** Requests HAProxy retried on this server (wretr) and redispatched away from it (wredis). */
  retries: number;
  redispatches: number;
  /** Sessions currently open to this server (websockets included). */
  sessions: number;
}

/** Sends one command to HAProxy's stats socket and returns the answer. */
function haproxyCommand(socketPath: string, command: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let data = '';
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`HAProxy stats socket did not answer "${command}"`));
    });
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk) => {
      data += chunk.toString();
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

function parseStat(csv: string): BackendServerState[] {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0]?.replace(/^# /, '').split(',') ?? [];
  const column = (row: string[], name: string) => row[header.indexOf(name)] ?? '';
  return lines
    .slice(1)
    .map((line) => line.split(','))
    .filter((row) => column(row, 'pxname') === 'firedrill' && /^p\d+$/.test(column(row, 'svname')))
    .map((row) => ({
      name: column(row, 'svname'),
      status: column(row, 'status'),
      checkStatus: column(row, 'check_status').replace(/^\* /, ''),
      checkCode: column(row, 'check_code'),
      retries: Number(column(row, 'wretr')) || 0,
      redispatches: Number(column(row, 'wredis')) || 0,
      sessions: Number(column(row, 'scur')) || 0,
    }));
}

/** The config for `processes` servers: deploy/haproxy.cfg itself for 3, else a copy with p1..pN. */
function haproxyConfigFor(processes: number, dir: string): string {
  const text = readFileSync(HAPROXY_CONFIG, 'utf8');
  const serverLine = /^(\s*)server p1 "\$\{FIREDRILL_P1\}"(.*)$/m.exec(text);
  const count = text.match(/^\s*server p\d+ "\$\{FIREDRILL_P\d+\}".*$/gm)?.length ?? 0;
  if (!serverLine || count === 0)
    throw new Error(`${HAPROXY_CONFIG} has no "server p1 \${FIREDRILL_P1}" line`);
  if (processes === count) return HAPROXY_CONFIG;
  const lines = Array.from(
    { length: processes },
    (_, i) => `${serverLine[1]}server p${i + 1} "\${FIREDRILL_P${i + 1}}"${serverLine[2]}`,
  );
  let replaced = false;
  const rewritten = text
    .split('\n')
    .flatMap((line) => {
      if (!/^\s*server p\d+ "\$\{FIREDRILL_P\d+\}"/.test(line)) return [line];
      if (replaced) return [];
      replaced = true;
      return lines;
    })
    .join('\n');
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, rewritten);
  return file;
}

// ---------------------------------------------------------------------------------------------------
// Cluster

export interface ClusterOptions {
  /** How many Firedrill processes (PROCESS_ID p1..pN). Default 3, as in deploy/haproxy.cfg. */
  processes?: number;
  /** DATABASE_URL of every process (e.g. createTestDatabase().url). */
  databaseUrl: string;
  /** REDIS_URL of every process (e.g. startPrivateRedis().url). */
  redisUrl: string;
  /** REDIS_PREFIX; default a unique `fdtest:<random>:` per cluster. */
  prefix?: string;
  /** Extra environment for every process (DOC_IDLE_UNLOAD_MS …; LOG_LEVEL info, debug or trace). */
  env?: Record<string, string>;
  /** Extra environment for process i (0-based), applied after `env`. */
  envFor?: (index: number) => Record<string, string>;
  /** How long to wait for each process and for HAProxy (default 60 s). */
  timeoutMs?: number;
}

export interface Cluster {
  /** The HAProxy front, e.g. http://127.0.0.1:41234 (HTTP, /socket.io/ and /yjs/ all go through it). */
  url: string;
  port: number;
  /** The REDIS_PREFIX every process uses. */
  prefix: string;
  /** processes[i] is PROCESS_ID `p${i + 1}`; replaced in place by restart(i) and startAgain(i). */
  processes: ServerProcess[];
  processIds: string[];
  haproxy: {
    process: ChildProcess;
    output(): string;
    /** The Firedrill servers as HAProxy sees them right now. */
    servers(): Promise<BackendServerState[]>;
  };
  /** SIGTERM process i, wait for its exit, start it again on the same port; resolves with the exit code. */
  restart(index: number): Promise<number | null>;
  /** SIGTERM process i (it drains) and wait for its exit; resolves with the exit code. */
  terminate(index: number): Promise<number | null>;
  /** SIGKILL process i and wait for its exit. HAProxy notices within about 0.6 s (2 failed checks). */
  kill(index: number): Promise<void>;
  /** Start process i again on its port (after kill/terminate); resolves once HAProxy routes to it. */
  startAgain(index: number): Promise<ServerProcess>;
  /** Resolves once HAProxy reports process i as `state` (UP: and its last check passed). */
  waitForBackend(index: number, state: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  /** HAProxy's view and the tail of every process's and HAProxy's output, for failure messages. */
  describe(): Promise<string>;
  /** Stops HAProxy and every process (SIGTERM, SIGKILL after 10 s). Safe to call twice. */
  stop(): Promise<void>;
}

/** Polls GET <url>/readyz until it answers 200 (resolves with the body) or the time runs out. */
export async function waitForReady(
  baseUrl: string,
  timeoutMs = 30_000,
  alive: () => boolean = () => true,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline && alive()) {
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      const text = await response.text();
      if (response.status === 200) return JSON.parse(text) as Record<string, unknown>;
      last = `${response.status} ${text}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${baseUrl}/readyz did not answer 200 (last: ${last})`);
}

/**
 * Starts `processes` Firedrill processes (p1 first, alone, so it applies the migrations; the others
 * together), each waiting until its own /readyz says ready, then HAProxy with deploy/haproxy.cfg on a
 * free port, and resolves once HAProxy reports every process UP. If anything fails half way, everything
 * already started is stopped and the error carries HAProxy's and the processes' output.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const count = options.processes ?? 3;
  const level = options.env?.LOG_LEVEL;
  if (level && !['info', 'debug', 'trace'].includes(level))
    throw new Error(
      `LOG_LEVEL ${level} hides the server.started line startServer waits for; use info or lower`,
    );
  const prefix = options.prefix ?? `fdtest:${randomBytes(6).toString('hex')}:`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const processIds = Array.from({ length: count }, (_, i) => `p${i + 1}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'fd-cluster-'));
  const statsSocket = path.join(dir, 'haproxy.sock');
  const processes: ServerProcess[] = [];
  const ports: number[] = [];
  let haproxy: ReturnType<typeof spawnCaptured> | undefined;
  let stopped = false;

  const envOf = (index: number): Record<string, string> => ({
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: prefix,
    PROCESS_ID: processIds[index]!,
    // HAProxy (deploy/haproxy.cfg, option forwardfor) connects from here and names the client.
    TRUSTED_PROXIES: '127.0.0.1/32',
    ...options.env,
    ...options.envFor?.(index),
  });

  /** Starts process i (on ports[i] when it had one) and waits until its /readyz says ready. */
  const launch = async (index: number): Promise<ServerProcess> => {
    const server = await startServer({
      databaseUrl: options.databaseUrl,
      port: ports[index] ?? 0,
      env: envOf(index),
    });
    processes[index] = server;
    ports[index] = server.port;
    try {
      const body = await waitForReady(server.url, timeoutMs, () => isRunning(server.process));
      if (body.processId !== processIds[index])
        throw new Error(
          `/readyz says processId ${JSON.stringify(body.processId)}, expected ${processIds[index]}`,
        );
    } catch (error) {
      throw new Error(
        `${processIds[index]} (port ${server.port}) is not ready: ${(error as Error).message}\n` +
          tail(server.output()),
      );
    }
    return server;
  };

  const servers = async () => parseStat(await haproxyCommand(statsSocket, 'show stat'));
  const statsAnswer = () =>
    servers().then(
      () => true,
      () => false,
    );

  const waitForBackend: Cluster['waitForBackend'] = async (index, state, waitMs = timeoutMs) => {
    const name = processIds[index];
    const deadline = Date.now() + waitMs;
    let seen: BackendServerState | undefined;
    while (Date.now() < deadline) {
      if (!haproxy || !isRunning(haproxy.child))
        throw new Error(`HAProxy is not running\n${tail(haproxy?.output() ?? '')}`);
      seen = (await servers().catch(() => [])).find((server) => server.name === name);
      if (seen?.status === state && (state === 'DOWN' || seen.checkStatus === 'L7OK')) return;
      await sleep(50);
    }
    throw new Error(
      `HAProxy did not report ${name} ${state} within ${waitMs} ms (last: ${JSON.stringify(seen)})\n` +
        tail(haproxy?.output() ?? ''),
    );
  };

  const describe = async () => {
    const view = await servers().then(
      (rows) =>
        rows.map((row) => `${row.name} ${row.status} (${row.checkStatus} ${row.checkCode})`).join(', '),
      (error: Error) => `stats unavailable: ${error.message}`,
    );
    const parts = [`HAProxy: ${view}`, `--- haproxy output ---\n${tail(haproxy?.output() ?? '')}`];
    processes.forEach((server, i) => {
      parts.push(`--- ${processIds[i]} (port ${server.port}) ---\n${tail(server.output(), 3000)}`);
    });
    return parts.join('\n');
  };

  const stopProcess = async (server: ServerProcess | undefined) => {
    if (!server || !isRunning(server.process)) return server?.process.exitCode ?? null;
    const timer = setTimeout(() => server.process.kill('SIGKILL'), 10_000);
    const code = await server.stop();
    clearTimeout(timer);
    return code;
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await haproxy?.stop('SIGTERM', 5000);
    await Promise.all(processes.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await launch(0);
    await Promise.all(processIds.slice(1).map((_, i) => launch(i + 1)));

    const config = haproxyConfigFor(count, dir);
    for (let attempt = 1; ; attempt++) {
      const front = await freePort();
      const env: Record<string, string | undefined> = {
        PATH: process.env.PATH,
        FIREDRILL_BIND: `127.0.0.1:${front}`,
        FIREDRILL_STATS_SOCKET: statsSocket,
      };
      ports.forEach((port, i) => {
        env[`FIREDRILL_P${i + 1}`] = `127.0.0.1:${port}`;
      });
      if (!existsSync(HAPROXY)) throw new Error(`HAProxy not found at ${HAPROXY} (apt-get install haproxy)`);
      haproxy = spawnCaptured(HAPROXY, ['-db', '-f', config], env);
      const started = haproxy;
      const socketUp = (async () => {
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline && isRunning(started.child)) {
          if (await statsAnswer()) return true;
          await sleep(50);
        }
        return false;
      })();
      if (await socketUp) {
        const cluster: Cluster = {
          url: `http://127.0.0.1:${front}`,
          port: front,
          prefix,
          processes,
          processIds,
          haproxy: { process: started.child, output: started.output, servers },
          terminate: (index) => stopProcess(processes[index]),
          kill: async (index) => {
            await processes[index]?.kill();
          },
          startAgain: async (index) => {
            if (isRunning(processes[index]!.process))
              throw new Error(`${processIds[index]} is still running; terminate or kill it first`);
            const server = await launch(index);
            await waitForBackend(index, 'UP');
            return server;
          },
          restart: async (index) => {
            const code = await stopProcess(processes[index]);
            await cluster.startAgain(index);
            return code;
          },
          waitForBackend,
          describe,
          stop,
        };
        await Promise.all(processIds.map((_, i) => waitForBackend(i, 'UP')));
        return cluster;
      }
      await started.stop('SIGKILL');
      const output = started.output();
      // Someone took the front port between freePort() and HAProxy's bind: try another one.
      if (attempt < 3 && /cannot bind socket/i.test(output)) continue;
      throw new Error(`HAProxy did not start (${HAPROXY} -db -f ${config}):\n${tail(output)}`);
    }
  } catch (error) {
    const details = await describe().catch(() => '');
    await stop();
    if (error instanceof Error) error.message += `\n${details}`;
    throw error;
  }
}
