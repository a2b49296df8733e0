/**
 * One load generator of `bench/join-storm.ts`, a child process of its own so the clients never share
 * one event loop (its lag is reported with every phase). It holds a slice of the clients: real
 * `y-websocket` providers, each on its own Y.Doc, driven by the parent over IPC.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addNote, notesOf } from '../server/model/notes';
import { encodeTokenMessage, sendingFirst } from '../server/model/yjs-token';

/** One client of the storm: where it connects and, for the room's writer, who it writes as. */
export interface StormClient {
  /** ws:// base the provider appends `/<room>` to. */
  url: string;
  room: string;
  roomIndex: number;
  /** Firedrill's participant token, sent as the first message. */
  token?: string;
  author?: { id: string; name: string };
  writer: boolean;
}

export type ToGenerator =
  | { type: 'init'; clients: StormClient[] }
  | { type: 'connect'; ratePerS: number }
  | { type: 'write'; hz: number; seconds: number; rooms: number }
  | { type: 'resync'; timeoutMs: number }
  | { type: 'verify' }
  | { type: 'close' };

export interface LoopLag {
  p99Ms: number;
  maxMs: number;
}

export type FromGenerator =
  | { type: 'ready' }
  | { type: 'connected'; latenciesMs: number[]; unsynced: number; lag: LoopLag }
  | { type: 'written'; latenciesMs: number[]; writes: number; lag: LoopLag }
  | { type: 'resynced'; dropped: number; fromDropMs: number[]; lastResyncAt: number; unsynced: number }
  | { type: 'verified'; notesPerRoom: Record<number, number[]>; writtenPerRoom: Record<number, number> };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Held {
  spec: StormClient;
  doc: Y.Doc;
  provider?: WebsocketProvider;
  droppedAt?: number;
  resyncedAt?: number;
  written: number;
}

const held: Held[] = [];
const send = (message: FromGenerator) => process.send?.(message);

function lagMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return (): LoopLag => {
    histogram.disable();
    return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
  };
}

function open(client: Held): Promise<number> {
  const started = now();
  const provider = new WebsocketProvider(client.spec.url, client.spec.room, client.doc, {
    // Firedrill takes the token as the first message; the stock server is sent nothing first.
    WebSocketPolyfill: client.spec.token
      ? sendingFirst(WebSocket as unknown as typeof globalThis.WebSocket, () =>
          encodeTokenMessage(client.spec.token!),
        )
      : (WebSocket as unknown as typeof globalThis.WebSocket),
    disableBc: true,
  });
  client.provider = provider;
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected' && client.droppedAt === undefined) client.droppedAt = now();
  });
  provider.on('sync', (isSynced: boolean) => {
    if (isSynced && client.droppedAt !== undefined && client.resyncedAt === undefined)
      client.resyncedAt = now();
  });
  return new Promise((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve(now() - started);
    };
    provider.on('sync', onSync);
  });
}

async function connect(ratePerS: number) {
  const lag = lagMonitor();
  const start = now();
  const latencies: number[] = [];
  const waits: Promise<void>[] = [];
  for (const [i, client] of held.entries()) {
    const due = start + (i * 1000) / ratePerS;
    if (due - now() > 1) await sleep(due - now());
    waits.push(open(client).then((ms) => void latencies.push(ms)));
  }
  await Promise.race([Promise.all(waits), sleep(60_000)]);
  send({ type: 'connected', latenciesMs: latencies, unsynced: held.length - latencies.length, lag: lag() });
}

async function write(hz: number, seconds: number, rooms: number) {
  const lag = lagMonitor();
  const latencies: number[] = [];
  const stops: (() => void)[] = [];
  for (const client of held) {
    if (client.spec.writer) continue;
    const notes = notesOf(client.doc);
    const observer = (event: Y.YMapEvent<Y.Map<unknown>>) => {
      const at = now();
      for (const key of event.keysChanged) {
        const sent = Number(String(notes.get(key)?.get('text') ?? ''));
        if (event.changes.keys.get(key)?.action === 'add' && Number.isFinite(sent)) latencies.push(at - sent);
      }
    };
    notes.observe(observer);
    stops.push(() => notes.unobserve(observer));
  }
  const periodMs = 1000 / hz;
  const start = now() + 50;
  const writers = held.filter((client) => client.spec.writer);
  const rounds = Math.round(seconds * hz);
  let writes = 0;
  // Every writer writes once per period, the rooms spread evenly over it.
  const due = writers.flatMap((client) =>
    Array.from({ length: rounds }, (_, round) => ({
      client,
      at: start + round * periodMs + (client.spec.roomIndex / rooms) * periodMs,
    })),
  );
  due.sort((a, b) => a.at - b.at);
  for (const { client, at } of due) {
    if (at - now() > 1) await sleep(at - now());
    const id = `n-${client.spec.roomIndex}-${client.written++}`;
    addNote(client.doc, {
      id,
      wall: 'crappy',
      text: String(now()),
      author: client.spec.author!,
      now: Date.now(),
    });
    writes++;
  }
  await sleep(3000); // the last deliveries drain
  for (const stop of stops) stop();
  send({ type: 'written', latenciesMs: latencies, writes, lag: lag() });
}

async function resync(timeoutMs: number) {
  const deadline = now() + timeoutMs;
  const pending = () => held.filter((c) => c.droppedAt !== undefined && c.resyncedAt === undefined);
  while (now() < deadline && (pending().length > 0 || !held.some((c) => c.droppedAt !== undefined)))
    await sleep(20);
  const dropped = held.filter((c) => c.droppedAt !== undefined);
  const back = dropped.filter((c) => c.resyncedAt !== undefined);
  send({
    type: 'resynced',
    dropped: dropped.length,
    fromDropMs: back.map((c) => c.resyncedAt! - c.droppedAt!),
    lastResyncAt: Math.max(0, ...back.map((c) => c.resyncedAt!)),
    unsynced: dropped.length - back.length,
  });
  for (const client of held) {
    client.droppedAt = undefined;
    client.resyncedAt = undefined;
  }
}

function verify() {
  const notesPerRoom: Record<number, number[]> = {};
  const writtenPerRoom: Record<number, number> = {};
  for (const client of held) {
    notesPerRoom[client.spec.roomIndex] = [
      ...(notesPerRoom[client.spec.roomIndex] ?? []),
      notesOf(client.doc).size,
    ];
    if (client.spec.writer) writtenPerRoom[client.spec.roomIndex] = client.written;
  }
  send({ type: 'verified', notesPerRoom, writtenPerRoom });
}

process.on('message', (message: ToGenerator) => {
  switch (message.type) {
    case 'init':
      for (const spec of message.clients) held.push({ spec, doc: new Y.Doc(), written: 0 });
      return send({ type: 'ready' });
    case 'connect':
      return void connect(message.ratePerS);
    case 'write':
      return void write(message.hz, message.seconds, message.rooms);
    case 'resync':
      return void resync(message.timeoutMs);
    case 'verify':
      return verify();
    case 'close':
      for (const client of held) client.provider?.destroy();
      process.exit(0);
  }
});
