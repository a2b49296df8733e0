/**
 * Join-storm benchmark: the stock `@y/websocket-server` (0.1.1, the last on Yjs 13) and Firedrill under
 * the same load, from the same generators, in one run; prints each target's figures and the ratios.
 *
 *   npm run bench:join-storm
 *
 * Load: ROOMS (200) rooms of PEOPLE (10) clients arrive at ARRIVALS_PER_S (500) in total, each opening one
 * Yjs document (the room's walls) with a real y-websocket provider; then one writer per room adds a note
 * WRITE_HZ (2) times a second for WRITE_SECONDS (10). The clients are split over GENERATORS (2) child
 * processes (bench/join-storm-generator.ts), whose event-loop lag is printed.
 *
 * TARGETS (stock,firedrill:1,firedrill:3): `firedrill:1` is one production server on a fresh PostgreSQL
 * database (TEST_DATABASE_URL's server); `firedrill:3` three behind HAProxy on Redis (REDIS_URL, a unique
 * prefix). RESTART=1 (default): after the writes, each Firedrill target is killed with SIGKILL (on three
 * processes: the first one) and started again; the clients' resync time and that no note was lost are
 * printed. BENCH_SERVER_ENV: JSON of extra environment for the Firedrill servers. PROFILE=1 (firedrill:1):
 * a CPU profile of the server over the join storm, written to join-storm.cpuprofile, its top functions
 * by self time printed.
 *
 * Figures:
 *   connect → synced   from a provider's creation to its first `sync` (p50/p99)
 *   propagation        from the writer's edit to its arrival at each other client of the room (p50/p99)
 *   CPU / delivery     server CPU (all processes) during the write window ÷ deliveries
 *   RSS / connection   (RSS with everyone connected − RSS idle before) ÷ clients
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createWorkshop, joinWorkshop, whoAmI } from '../tests/helpers/clients';
import { createTestDatabase, freePort, startCluster } from '../tests/helpers/cluster';
import { connectInspector } from '../tests/helpers/inspector';
import { startServer } from '../tests/helpers/server-process';
import type { FromGenerator, LoopLag, StormClient, ToGenerator } from './join-storm-generator';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROOMS = env('ROOMS', 200);
const PEOPLE = env('PEOPLE', 10);
const ARRIVALS_PER_S = env('ARRIVALS_PER_S', 500);
const WRITE_HZ = env('WRITE_HZ', 2);
const WRITE_SECONDS = env('WRITE_SECONDS', 10);
const GENERATORS = env('GENERATORS', 2);
const RESTART = process.env.RESTART !== '0';
const TARGETS = (process.env.TARGETS ?? 'stock,firedrill:1,firedrill:3').split(',');
const SERVER_ENV = JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>;
const CLOCK_TICKS = 100;
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
const cpuMs = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
};
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

interface Result {
  target: string;
  clients: number;
  connectP50: number;
  connectP99: number;
  unsynced: number;
  propagationP50: number;
  propagationP99: number;
  deliveries: number;
  expectedDeliveries: number;
  cpuMs: number;
  usPerDelivery: number;
  /** CPU per delivery of the busiest process (several processes only). */
  usPerDeliveryPerProcess: number;
  idleRssMb: number;
  connectedRssMb: number;
  kbPerConnection: number;
  connectLag: LoopLag[];
  writeLag: LoopLag[];
  restart?: {
    dropped: number;
    p50: number;
    p99: number;
    max: number;
    fromListenMs?: number;
    unsynced: number;
    lost: number;
  };
}

/** A started target: where clients connect, the processes to measure, and how to restart one. */
interface Target {
  clients: StormClient[];
  /** Starts a CPU profile of the (single) server; resolves with a stop that returns the profile. */
  profile?: () => Promise<() => Promise<CpuProfile>>;
  pids: () => number[];
  restart?: () => Promise<{ listeningAt: number }>;
  stop: () => Promise<void>;
}

/** Setup calls are not measured: one answered 503 (HAProxy between health checks) is tried again. */
async function retried<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt === 5) throw error;
      await sleep(500 * attempt);
    }
  }
}

async function firedrillRooms(httpUrl: string, wsUrl: string): Promise<StormClient[]> {
  const clients: StormClient[] = [];
  for (let r = 0; r < ROOMS; r += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, ROOMS - r) }, async (_, i) => {
        const workshop = await retried(() => createWorkshop(httpUrl, { title: `Storm ${r + i}` }));
        const joined = await Promise.all(
          Array.from({ length: PEOPLE - 1 }, (_, p) =>
            retried(() => joinWorkshop(httpUrl, workshop, `P${p + 1}`)),
          ),
        );
        const author = await retried(() => whoAmI(httpUrl, workshop.id, workshop.facilitatorToken));
        const tokens = [workshop.facilitatorToken, ...joined.map((j) => j.participantToken)];
        return tokens.map(
          (token, j): StormClient => ({
            url: `${wsUrl}/yjs`,
            room: workshop.id,
            roomIndex: r + i,
            token,
            author: j === 0 ? author : undefined,
            writer: j === 0,
          }),
        );
      }),
    );
    clients.push(...batch.flat());
  }
  return clients;
}

async function startStock(): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const author = { id: 'writer', name: 'Writer' };
  const clients = Array.from({ length: ROOMS * PEOPLE }, (_, k): StormClient => {
    const roomIndex = Math.floor(k / PEOPLE);
    const writer = k % PEOPLE === 0;
    return { url: `ws://127.0.0.1:${port}`, room: `room-${roomIndex}`, roomIndex, writer, author };
  });
  return {
    clients,
    pids: () => [child.pid!],
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function startFiredrill(processes: number): Promise<Target> {
  const database = await createTestDatabase();
  // info: the harness waits for the `server.started` line.
  const serverEnv = { LOG_LEVEL: 'info', ...SERVER_ENV };
  if (processes === 1) {
    const profiling: Record<string, string> =
      process.env.PROFILE === '1' ? { NODE_OPTIONS: '--inspect=127.0.0.1:0' } : {};
    let server = await startServer({ databaseUrl: database.url, env: { ...serverEnv, ...profiling } });
    const port = server.port;
    return {
      clients: await firedrillRooms(server.url, server.url.replace(/^http/, 'ws')),
      profile: process.env.PROFILE === '1' ? () => startProfile(server.output()) : undefined,
      pids: () => [server.process.pid!],
      restart: async () => {
        await server.kill();
        server = await startServer({ databaseUrl: database.url, port, env: serverEnv });
        return { listeningAt: performance.timeOrigin + performance.now() };
      },
      stop: async () => {
        await server.stop();
        await database.drop();
      },
    };
  }
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `fdstorm:${randomBytes(6).toString('hex')}:`;
  const cluster = await startCluster({
    processes,
    databaseUrl: database.url,
    redisUrl,
    prefix,
    env: serverEnv,
  });
  return {
    clients: await firedrillRooms(cluster.url, cluster.url.replace(/^http/, 'ws')),
    pids: () => cluster.processes.map((p) => p.process.pid!),
    restart: async () => {
      await cluster.kill(0);
      await cluster.startAgain(0);
      return { listeningAt: performance.timeOrigin + performance.now() };
    },
    stop: async () => {
      await cluster.stop();
      await database.drop();
      const redis = new Redis(redisUrl);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
}

async function startProfile(output: string) {
  const inspector = await connectInspector(output);
  await inspector.call('Profiler.enable');
  await inspector.call('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.call('Profiler.start');
  return async () => {
    const { profile } = (await inspector.call('Profiler.stop')) as { profile: CpuProfile };
    inspector.close();
    return profile;
  };
}

/** The functions with the most self time in `profile`, by share of all samples. */
function printProfile(profile: CpuProfile) {
  writeFileSync('join-storm.cpuprofile', JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)?.callFrame;
    const key = `${frame?.functionName || '(anonymous)'} ${frame?.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '')}:${frame?.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log('  profile (self time, join-storm.cpuprofile):');
  for (const [name, n] of top)
    console.log(`    ${((100 * n) / profile.samples.length).toFixed(1).padStart(5)} %  ${name}`);
}

/** The generators: each holds every GENERATORS-th client, so every room spans all of them. */
function generators(clients: StormClient[]) {
  const children: ChildProcess[] = Array.from({ length: GENERATORS }, () =>
    fork(new URL('./join-storm-generator.ts', import.meta.url).pathname, [], {
      execArgv: ['--import', 'tsx'],
    }),
  );
  const ask = <T extends FromGenerator['type']>(message: ToGenerator, reply: T) =>
    Promise.all(
      children.map(
        (child) =>
          new Promise<Extract<FromGenerator, { type: T }>>((resolve) => {
            const listener = (answer: FromGenerator) => {
              if (answer.type !== reply) return;
              child.off('message', listener);
              resolve(answer as Extract<FromGenerator, { type: T }>);
            };
            child.on('message', listener);
            child.send(message);
          }),
      ),
    );
  const init = Promise.all(
    children.map(
      (child, g) =>
        new Promise<FromGenerator>((resolve) => {
          child.once('message', resolve);
          child.send({
            type: 'init',
            clients: clients.filter((_, k) => k % GENERATORS === g),
          } satisfies ToGenerator);
        }),
    ),
  );
  return {
    init,
    ask,
    close: () => {
      for (const child of children) child.send({ type: 'close' } satisfies ToGenerator);
    },
  };
}

async function run(name: string): Promise<Result> {
  const [kind, count] = name.split(':');
  const target = kind === 'stock' ? await startStock() : await startFiredrill(Number(count ?? 1));
  try {
    await sleep(2000);
    const idleRss = target.pids().reduce((sum, pid) => sum + rssMb(pid), 0);
    const gens = generators(target.clients);
    await gens.init;
    const stopProfile = await target.profile?.();
    const connected = await gens.ask({ type: 'connect', ratePerS: ARRIVALS_PER_S / GENERATORS }, 'connected');
    const connectMs = connected.flatMap((c) => c.latenciesMs);
    if (stopProfile) printProfile(await stopProfile());
    await sleep(2000);
    const connectedRss = target.pids().reduce((sum, pid) => sum + rssMb(pid), 0);

    const cpuBefore = target.pids().map(cpuMs);
    const written = await gens.ask(
      { type: 'write', hz: WRITE_HZ, seconds: WRITE_SECONDS, rooms: ROOMS },
      'written',
    );
    const cpu = target.pids().map((pid, i) => cpuMs(pid) - cpuBefore[i]!);
    const propagation = written.flatMap((w) => w.latenciesMs);
    const writes = written.reduce((sum, w) => sum + w.writes, 0);
    const deliveries = propagation.length;
    const cpuTotal = cpu.reduce((a, b) => a + b, 0);

    let restart: Result['restart'];
    if (RESTART && target.restart) {
      const watching = gens.ask({ type: 'resync', timeoutMs: 60_000 }, 'resynced');
      const { listeningAt } = await target.restart();
      const resynced = await watching;
      const fromDrop = resynced.flatMap((r) => r.fromDropMs);
      const verified = await gens.ask({ type: 'verify' }, 'verified');
      const written: Record<number, number> = Object.assign({}, ...verified.map((v) => v.writtenPerRoom));
      let lost = 0;
      for (const v of verified)
        for (const [room, counts] of Object.entries(v.notesPerRoom))
          for (const n of counts) lost += Math.max(0, (written[Number(room)] ?? 0) - n);
      const lastResync = Math.max(...resynced.map((r) => r.lastResyncAt));
      restart = {
        dropped: resynced.reduce((sum, r) => sum + r.dropped, 0),
        p50: pct(fromDrop, 50),
        p99: pct(fromDrop, 99),
        max: pct(fromDrop, 100),
        fromListenMs: lastResync > 0 ? lastResync - listeningAt : undefined,
        unsynced: resynced.reduce((sum, r) => sum + r.unsynced, 0),
        lost,
      };
    }
    gens.close();
    const clients = target.clients.length;
    return {
      target: name,
      clients,
      connectP50: pct(connectMs, 50),
      connectP99: pct(connectMs, 99),
      unsynced: connected.reduce((sum, c) => sum + c.unsynced, 0),
      propagationP50: pct(propagation, 50),
      propagationP99: pct(propagation, 99),
      deliveries,
      expectedDeliveries: writes * (PEOPLE - 1),
      cpuMs: cpuTotal,
      usPerDelivery: (cpuTotal * 1000) / deliveries,
      usPerDeliveryPerProcess: (Math.max(...cpu) * 1000 * cpu.length) / deliveries,
      idleRssMb: idleRss,
      connectedRssMb: connectedRss,
      kbPerConnection: ((connectedRss - idleRss) * 1024) / clients,
      connectLag: connected.map((c) => c.lag),
      writeLag: written.map((w) => w.lag),
      restart,
    };
  } finally {
    await target.stop();
  }
}

const f = (n: number | undefined, digits = 1) =>
  n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
const lag = (lags: LoopLag[]) => lags.map((l) => `p99 ${f(l.p99Ms)} / max ${f(l.maxMs)} ms`).join('; ');

const results: Result[] = [];
console.log(
  `join storm: ${ROOMS} rooms × ${PEOPLE} = ${ROOMS * PEOPLE} clients at ${ARRIVALS_PER_S}/s, ` +
    `writes ${WRITE_HZ} Hz × ${WRITE_SECONDS} s per room, ${GENERATORS} generators`,
);
for (const name of TARGETS) {
  const r = await run(name);
  results.push(r);
  console.log(`\n[${name}] ${r.clients} clients`);
  console.log(
    `  connect → synced   p50 ${f(r.connectP50)} ms, p99 ${f(r.connectP99)} ms (${r.unsynced} never synced)`,
  );
  console.log(
    `  propagation        p50 ${f(r.propagationP50)} ms, p99 ${f(r.propagationP99)} ms (${r.deliveries}/${r.expectedDeliveries} delivered)`,
  );
  console.log(
    `  server CPU         ${f(r.cpuMs, 0)} ms in the write window = ${f(r.usPerDelivery)} µs per delivery (busiest process × n: ${f(r.usPerDeliveryPerProcess)} µs)`,
  );
  console.log(
    `  RSS                idle ${f(r.idleRssMb)} MiB, connected ${f(r.connectedRssMb)} MiB = ${f(r.kbPerConnection)} KiB per connection`,
  );
  console.log(`  generator loop lag connect: ${lag(r.connectLag)}; writes: ${lag(r.writeLag)}`);
  if (r.restart)
    console.log(
      `  kill -9 + restart  ${r.restart.dropped} dropped; resynced from drop p50 ${f(r.restart.p50, 0)} / p99 ${f(r.restart.p99, 0)} / max ${f(r.restart.max, 0)} ms; ` +
        `last resync ${f(r.restart.fromListenMs, 0)} ms after the restarted process listened; ${r.restart.unsynced} never resynced; ${r.restart.lost} notes missing`,
    );
}

const stock = results.find((r) => r.target === 'stock');
const one = results.find((r) => r.target === 'firedrill:1');
if (stock) {
  console.log('\nratios to stock (Firedrill ÷ stock)');
  console.log(
    '| target | connect p50 | connect p99 | propagation p50 | propagation p99 | CPU/delivery | RSS/connection |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results.filter((x) => x !== stock))
    console.log(
      `| ${r.target} | ${f(r.connectP50 / stock.connectP50, 2)} | ${f(r.connectP99 / stock.connectP99, 2)} | ` +
        `${f(r.propagationP50 / stock.propagationP50, 2)} | ${f(r.propagationP99 / stock.propagationP99, 2)} | ` +
        `${f(r.usPerDelivery / stock.usPerDelivery, 2)} | ${f(r.kbPerConnection / stock.kbPerConnection, 2)} |`,
    );
}
if (one)
  for (const r of results.filter((x) => x.target.startsWith('firedrill:') && x !== one))
    console.log(
      `${r.target}: CPU per delivery per process ÷ one process = ${f(r.usPerDeliveryPerProcess / one.usPerDelivery, 2)} ` +
        `(total ÷ one process ${f(r.usPerDelivery / one.usPerDelivery, 2)})`,
    );
process.exit(0);
