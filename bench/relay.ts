/**
 * Relay benchmark: many workshops of 20 people, on one Firedrill process or on several behind HAProxy.
 * Prints the time to connect and sync everyone, the latency from one person's edit to every other
 * screen of the workshop (p50/p95/p99/max; in several-process mode split into same-process and
 * cross-process deliveries), lost updates (expected arrivals that did not come within 10 s), CPU time
 * per delivered update and RSS of every process.
 *
 *   npm run bench                 one process (PGlite, as `npm start`), 25 workshops x 20 people
 *   npm run bench:cluster         PROCESSES=1,3 with 100 x 20 = 2,000 clients, one edit per workshop
 *                                 per second: runs both modes, compares p99
 *
 * Environment:
 *   PROCESSES=1        one process on a temp PGlite folder (BENCH_DB=postgres: on a fresh PostgreSQL
 *                      database instead)
 *   PROCESSES=3        three processes (any N works) behind deploy/haproxy.cfg, on a fresh database on
 *                      TEST_DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/test) and
 *                      REDIS_URL (default redis://127.0.0.1:6379) under a unique prefix, removed after
 *   PROCESSES=1,3      runs each mode in a child process of its own, then prints the comparison
 *   WORKSHOPS (25), PEOPLE (20), EDITS (20 rounds), EDIT_INTERVAL_MS (100: each round, every workshop
 *                      makes one edit, spread evenly over the interval rather than all at once)
 *   IDLE_MS (10000)    idle window before the edits: servers' CPU with nobody editing, subtracted in
 *                      the "net of idle" CPU per delivery (0 skips it)
 *   VIA=direct         (default) several-process mode connects person j of workshop w straight to
 *                      process (w + j) mod N, so the editor (j = 0) shares a process with about a third
 *                      of the room and every other delivery crosses processes through Redis; HTTP
 *                      setup goes through HAProxy
 *   VIA=haproxy        every connection goes through HAProxy (round-robin, one more hop; the split
 *                      same/cross process and deliveries per process are then unknown)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { addNote, notesOf } from '../server/model/notes';
import { connectYjs, createWorkshop, joinWorkshop, synced, whoAmI } from '../tests/helpers/clients';
import {
  type Cluster,
  type ClusterDatabase,
  createTestDatabase,
  startCluster,
} from '../tests/helpers/cluster';
import { type ServerProcess, startServer } from '../tests/helpers/server-process';

const LOST_AFTER_MS = 10_000;
const CLOCK_TICKS = 100; // USER_HZ: utime/stime in /proc/<pid>/stat are in 1/100 s on Linux

/** What one mode measured; the comparison run reads it from the child's `BENCH_RESULT` line. */
interface BenchResult {
  processes: number;
  via: string;
  database: string;
  clients: number;
  edits: number;
  connectSeconds: number;
  expected: number;
  delivered: number;
  lost: number;
  /** Of the lost ones, how many arrived 10-20 s after their edit (late rather than never). */
  lateWithin20s: number;
  latency: Percentiles;
  sameProcess?: Percentiles;
  crossProcess?: Percentiles;
  perProcess: {
    id: string;
    cpuMs: number;
    /** What it would have spent over the same time with nobody editing (measured before). */
    idleCpuMs: number;
    /** Deliveries to clients connected to this process (all deliveries when unknown). */
    deliveries: number;
    usPerDelivery: number;
    /** (cpuMs - idleCpuMs) per delivery: the cost of relaying itself. */
    netUsPerDelivery: number;
    rssMb: number;
  }[];
  serversUsPerDelivery: number;
  serversNetUsPerDelivery: number;
  haproxyCpuMs?: number;
  redisCpuMs?: number;
  /** Client websockets closed during the edit phase, by close code (they reconnect by themselves). */
  disconnects: Record<string, number>;
  benchClientCpuMs: number;
  /** Event-loop delay of the bench client during the edit phase (its own queueing). */
  benchLoopDelayP99Ms: number;
  benchLoopDelayMaxMs: number;
}
interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
};
/** utime + stime of a process (all its threads), in ms. */
const cpuMs = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
};
const percentiles = (values: number[]): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? Number.NaN };
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const describeLatency = (p: Percentiles) =>
  `p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, p99 ${ms(p.p99)}, max ${ms(p.max)} (${p.count} deliveries)`;

async function runOne(processes: number): Promise<BenchResult> {
  const workshops = Number(process.env.WORKSHOPS ?? 25);
  const people = Number(process.env.PEOPLE ?? 20);
  const edits = Number(process.env.EDITS ?? 20);
  const intervalMs = Number(process.env.EDIT_INTERVAL_MS ?? 100);
  const via = processes > 1 ? (process.env.VIA ?? 'direct') : 'direct';
  const usePostgres = processes > 1 || process.env.BENCH_DB === 'postgres';
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';

  let database: ClusterDatabase | undefined;
  let cluster: Cluster | undefined;
  let single: ServerProcess | undefined;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `fdbench:${randomBytes(6).toString('hex')}:`;
  const redis =
    processes > 1 ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
  const rooms: {
    clients: ReturnType<typeof connectYjs>[];
    serverOf: number[];
    author: { id: string; name: string };
  }[] = [];

  const cleanUp = async () => {
    for (const room of rooms) for (const client of room.clients) client.destroy();
    await cluster?.stop();
    await single?.stop();
    await database?.drop();
    if (redis) {
      // The shared Redis keeps nothing of this run.
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    }
  };

  try {
    if (usePostgres) database = await createTestDatabase();
    let servers: { id: string; pid: number; url: string }[];
    let front: string;
    if (processes > 1) {
      await redis!.connect();
      cluster = await startCluster({
        processes,
        databaseUrl: database!.url,
        redisUrl,
        prefix,
        env: { LOG_LEVEL: 'info' },
      });
      servers = cluster.processes.map((p, i) => ({
        id: cluster!.processIds[i]!,
        pid: p.process.pid!,
        url: p.url,
      }));
      front = cluster.url;
    } else {
      single = await startServer({ databaseUrl: database?.url, env: { LOG_LEVEL: 'info' } });
      servers = [{ id: 'p1', pid: single.process.pid!, url: single.url }];
      front = single.url;
    }
    const clients = workshops * people;
    console.log(
      `[${processes} process${processes > 1 ? 'es' : ''}] up on ${usePostgres ? 'PostgreSQL' : 'PGlite'}` +
        `${processes > 1 ? ` + Redis (${redisUrl}), behind HAProxy ${front}, clients ${via}` : ''}; ` +
        `rss ${servers.map((s) => `${s.id} ${rssMb(s.pid)} MB`).join(', ')}; ` +
        `${workshops} workshops x ${people} people = ${clients} Yjs connections`,
    );

    const connectStart = performance.now();
    for (let w = 0; w < workshops; w++) {
      const workshop = await createWorkshop(front, { title: `Bench ${w}` });
      const joined = await Promise.all(
        Array.from({ length: people - 1 }, (_, p) => joinWorkshop(front, workshop, `P${p + 1}`)),
      );
      const tokens = [workshop.facilitatorToken, ...joined.map((j) => j.participantToken)];
      const serverOf = tokens.map((_, j) => (w + j) % servers.length);
      rooms.push({
        // Edits are written as the facilitator (the server refuses notes under another name).
        author: await whoAmI(front, workshop.id, workshop.facilitatorToken),
        serverOf,
        clients: tokens.map((token, j) =>
          connectYjs(via === 'haproxy' ? front : servers[serverOf[j]!]!.url, workshop.id, token),
        ),
      });
    }
    await Promise.all(rooms.flatMap((room) => room.clients.map((c) => synced(c.provider, 120_000))));
    const connectSeconds = (performance.now() - connectStart) / 1000;
    console.log(
      `connected and synced ${clients} clients in ${connectSeconds.toFixed(1)} s; ` +
        `rss ${servers.map((s) => `${s.id} ${rssMb(s.pid)} MB`).join(', ')}`,
    );
    // Let the connect storm (awareness, first loads) settle, then measure what the servers spend with
    // nobody editing (pings, awareness renewals every 15 s): subtracted to get the cost of a delivery.
    await sleep(2000);
    const idleMs = Number(process.env.IDLE_MS ?? 10_000);
    const idleStart = servers.map((s) => cpuMs(s.pid));
    const idleStartAt = performance.now();
    if (idleMs > 0) await sleep(idleMs);
    const idleWindowMs = performance.now() - idleStartAt;
    const idleRate = servers.map((s, i) => (idleMs > 0 ? (cpuMs(s.pid) - idleStart[i]!) / idleWindowMs : 0));

    const sent = new Map<string, { at: number; server: number }>();
    const all: number[] = [];
    const same: number[] = [];
    const cross: number[] = [];
    const deliveriesTo = servers.map(() => 0);
    let lastArrival = 0;
    let late = 0;
    const disconnects = new Map<string, number>();
    for (const room of rooms) {
      for (const client of room.clients)
        client.provider.on('connection-close', (event: { code?: number } | null) => {
          const code = String(event?.code ?? 'none');
          disconnects.set(code, (disconnects.get(code) ?? 0) + 1);
        });
      room.clients.forEach((client, j) => {
        if (j === 0) return;
        const server = room.serverOf[j]!;
        notesOf(client.doc).observe((event) => {
          const now = performance.now();
          for (const key of event.keysChanged) {
            const edit = sent.get(key);
            if (!edit) continue;
            if (now - edit.at > LOST_AFTER_MS) {
              late++;
              continue;
            }
            all.push(now - edit.at);
            if (via === 'direct') (edit.server === server ? same : cross).push(now - edit.at);
            deliveriesTo[server]!++;
            lastArrival = now;
          }
        });
      });
    }

    const cpuBefore = servers.map((s) => cpuMs(s.pid));
    const cpuBeforeAt = performance.now();
    const haproxyPid = cluster?.haproxy.process.pid;
    const haproxyBefore = haproxyPid ? cpuMs(haproxyPid) : 0;
    const redisCpu = async () => {
      if (!redis) return 0;
      const info = await redis.info('cpu');
      const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
      return (seconds('used_cpu_sys') + seconds('used_cpu_user')) * 1000;
    };
    const redisBefore = await redisCpu();
    const benchBefore = process.cpuUsage();
    // The clients share this one event loop: its own delay is a floor under every latency measured.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const editStart = performance.now();
    for (let i = 0; i < edits; i++) {
      const roundStart = editStart + i * intervalMs;
      for (const [w, room] of rooms.entries()) {
        const due = roundStart + (w / rooms.length) * intervalMs;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const id = `n-${w}-${i}`;
        sent.set(id, { at: performance.now(), server: room.serverOf[0]! });
        addNote(room.clients[0]!.doc, {
          id,
          wall: 'crappy',
          text: `edit ${i}`,
          author: room.author,
          now: Date.now(),
        });
      }
    }
    const lastSent = performance.now();
    const expected = edits * workshops * (people - 1);
    while (all.length < expected && performance.now() - lastSent < LOST_AFTER_MS) await sleep(20);
    // CPU is counted up to the last arrival (or the end of the wait, when some never came).
    const cpuAfter = servers.map((s) => cpuMs(s.pid));
    const cpuWindowMs = performance.now() - cpuBeforeAt;
    const haproxyAfter = haproxyPid ? cpuMs(haproxyPid) : 0;
    const redisAfter = await redisCpu();
    const bench = process.cpuUsage(benchBefore);
    loopDelay.disable();
    const phaseMs = (all.length < expected ? performance.now() : lastArrival) - editStart;
    // Lost ones may still come (a reconnect resyncs the document): tell late from never.
    if (all.length < expected) {
      const until = performance.now() + LOST_AFTER_MS;
      while (all.length + late < expected && performance.now() < until) await sleep(50);
    }
    const benchBusy = (bench.user + bench.system) / 1000 / phaseMs;

    const latency = percentiles(all);
    const result: BenchResult = {
      processes,
      via,
      database: usePostgres ? 'postgres' : 'pglite',
      clients,
      edits: edits * workshops,
      connectSeconds,
      expected,
      delivered: all.length,
      lost: expected - all.length,
      lateWithin20s: late,
      latency,
      ...(via === 'direct' && servers.length > 1
        ? { sameProcess: percentiles(same), crossProcess: percentiles(cross) }
        : {}),
      perProcess: servers.map((s, i) => {
        const cpu = cpuAfter[i]! - cpuBefore[i]!;
        const idle = idleRate[i]! * cpuWindowMs;
        const deliveries = via === 'direct' ? deliveriesTo[i]! : all.length;
        return {
          id: s.id,
          cpuMs: cpu,
          idleCpuMs: idle,
          deliveries,
          usPerDelivery: (cpu * 1000) / Math.max(1, deliveries),
          netUsPerDelivery: ((cpu - idle) * 1000) / Math.max(1, deliveries),
          rssMb: rssMb(s.pid),
        };
      }),
      serversUsPerDelivery:
        (cpuAfter.reduce((sum, v, i) => sum + v - cpuBefore[i]!, 0) * 1000) / Math.max(1, all.length),
      serversNetUsPerDelivery:
        (cpuAfter.reduce((sum, v, i) => sum + v - cpuBefore[i]! - idleRate[i]! * cpuWindowMs, 0) * 1000) /
        Math.max(1, all.length),
      ...(haproxyPid ? { haproxyCpuMs: haproxyAfter - haproxyBefore } : {}),
      ...(redis ? { redisCpuMs: redisAfter - redisBefore } : {}),
      disconnects: Object.fromEntries(disconnects),
      benchClientCpuMs: (bench.user + bench.system) / 1000,
      benchLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      benchLoopDelayMaxMs: loopDelay.max / 1e6,
    };

    console.log(
      `${result.edits} edits over ${(phaseMs / 1000).toFixed(1)} s (${edits} rounds of ${workshops}, ` +
        `${intervalMs} ms apart); delivered ${all.length}/${expected}, lost ${result.lost} (not within 10 s` +
        `${result.lost > 0 ? `; ${late} of them arrived within 20 s` : ''})`,
    );
    if (lastSent - editStart > edits * intervalMs * 1.1 || benchBusy > 0.7)
      console.log(
        `warning: the bench client was busy ${(benchBusy * 100).toFixed(0)}% of the edit phase (sent ` +
          `${result.edits} edits in ${((lastSent - editStart) / 1000).toFixed(1)} s, planned ` +
          `${((edits * intervalMs) / 1000).toFixed(1)} s): latencies include its own queueing; raise EDIT_INTERVAL_MS`,
      );
    if (disconnects.size > 0)
      console.log(
        `client disconnects during the edit phase (close code: count): ${JSON.stringify(result.disconnects)}`,
      );
    console.log(`latency, all deliveries:   ${describeLatency(latency)}`);
    if (result.sameProcess && result.crossProcess) {
      console.log(`latency, same process:     ${describeLatency(result.sameProcess)}`);
      console.log(`latency, across processes: ${describeLatency(result.crossProcess)}`);
    }
    for (const p of result.perProcess)
      console.log(
        `${p.id}: cpu ${p.cpuMs.toFixed(0)} ms over the edit phase (${p.idleCpuMs.toFixed(0)} ms of it idle load), ` +
          `${p.usPerDelivery.toFixed(1)} µs per delivery, ${p.netUsPerDelivery.toFixed(1)} µs net of idle ` +
          `(${p.deliveries} deliveries${via === 'direct' ? ' to its clients' : ', all processes'}), rss ${p.rssMb} MB`,
      );
    console.log(
      `all servers: ${result.serversUsPerDelivery.toFixed(1)} µs cpu per delivery ` +
        `(${result.serversNetUsPerDelivery.toFixed(1)} µs net of idle)` +
        `${result.haproxyCpuMs !== undefined ? `; haproxy cpu ${result.haproxyCpuMs.toFixed(0)} ms` : ''}` +
        `${result.redisCpuMs !== undefined ? `; redis cpu ${result.redisCpuMs.toFixed(0)} ms (shared instance)` : ''}` +
        `; bench client cpu ${result.benchClientCpuMs.toFixed(0)} ms, its event-loop delay ` +
        `p99 ${ms(result.benchLoopDelayP99Ms)}, max ${ms(result.benchLoopDelayMaxMs)}`,
    );
    return result;
  } finally {
    await cleanUp();
  }
}

/** Runs each mode in a child process of its own (fresh memory, nothing shared) and compares them. */
async function compare(modes: number[]) {
  const results: BenchResult[] = [];
  for (const mode of modes) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/relay.ts'], {
      env: { ...process.env, PROCESSES: String(mode) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH_RESULT ')) results.push(JSON.parse(line.slice(13)) as BenchResult);
        else console.log(line);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`PROCESSES=${mode} failed (exit ${code})`);
  }
  console.log('\nsummary');
  const row = (cells: string[]) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(20))).join(''));
  row(['', ...results.map((r) => `${r.processes} proc (${r.database})`)]);
  row(['clients', ...results.map((r) => String(r.clients))]);
  row(['connect + sync', ...results.map((r) => `${r.connectSeconds.toFixed(1)} s`)]);
  row(['latency p50 / all', ...results.map((r) => ms(r.latency.p50))]);
  row(['latency p99 / all', ...results.map((r) => ms(r.latency.p99))]);
  row([
    'latency p50 / cross-process',
    ...results.map((r) => (r.crossProcess ? ms(r.crossProcess.p50) : '-')),
  ]);
  row([
    'latency p99 / cross-process',
    ...results.map((r) => (r.crossProcess ? ms(r.crossProcess.p99) : '-')),
  ]);
  row(['bench client loop delay p99', ...results.map((r) => ms(r.benchLoopDelayP99Ms))]);
  row(['lost (not within 10 s)', ...results.map((r) => `${r.lost}/${r.expected}`)]);
  row(['  of which came within 20 s', ...results.map((r) => String(r.lateWithin20s))]);
  row(['cpu µs/delivery, all servers', ...results.map((r) => r.serversUsPerDelivery.toFixed(1))]);
  row(['  net of idle load', ...results.map((r) => r.serversNetUsPerDelivery.toFixed(1))]);
  row([
    'cpu µs/delivery, per process',
    ...results.map((r) => r.perProcess.map((p) => p.usPerDelivery.toFixed(0)).join('/')),
  ]);
  row([
    '  net of idle load',
    ...results.map((r) => r.perProcess.map((p) => p.netUsPerDelivery.toFixed(0)).join('/')),
  ]);
  row(['rss MB per process', ...results.map((r) => r.perProcess.map((p) => p.rssMb).join('/'))]);
  const one = results.find((r) => r.processes === 1);
  for (const r of results.filter((x) => x.processes > 1)) {
    if (!one) break;
    console.log(
      `\np99 ratio ${r.processes} processes / 1 process: ${(r.latency.p99 / one.latency.p99).toFixed(2)} (all deliveries)` +
        (r.crossProcess
          ? `, ${(r.crossProcess.p99 / one.latency.p99).toFixed(2)} (cross-process deliveries only)`
          : ''),
    );
  }
}

// Every y-websocket provider adds a process 'exit' listener; thousands of clients are intended here.
process.setMaxListeners(0);
const modes = (process.env.PROCESSES ?? '1').split(',').map((m) => Number(m.trim()));
if (modes.some((m) => !Number.isInteger(m) || m < 1)) throw new Error(`PROCESSES must be like 1, 3 or 1,3`);
if (modes.length > 1) {
  await compare(modes);
} else {
  const result = await runOne(modes[0]!);
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}
process.exit(0);
