/**
 * Relay benchmark: many workshops of 20 people on one server process. Prints the time to connect and
 * sync everyone, the latency from one person's edit to every other screen (p50/p95/p99/max), the
 * durability lag of the update log, and the server's memory. Run: `npm run bench` (after a build).
 * WORKSHOPS (default 25) and PEOPLE (default 20) set the size.
 */
import { readFileSync } from 'node:fs';
import { addNote, notesOf } from '../server/workshop/notes';
import { connectYjs, createWorkshop, joinWorkshop, synced } from '../tests/helpers/clients';
import { startServer } from '../tests/helpers/server-process';

const workshops = Number(process.env.WORKSHOPS ?? 25);
const people = Number(process.env.PEOPLE ?? 20);
const edits = Number(process.env.EDITS ?? 20);

const rssMb = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
};
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const server = await startServer({ env: { LOG_LEVEL: 'info' } });
const pid = server.process.pid!;
console.log(
  `server up, rss ${rssMb(pid)} MB; ${workshops} workshops x ${people} people = ${workshops * people} Yjs connections`,
);

const rooms = [];
const connectStart = performance.now();
for (let w = 0; w < workshops; w++) {
  const workshop = await createWorkshop(server.url, { title: `Bench ${w}` });
  const tokens = [workshop.facilitatorToken];
  for (let p = 1; p < people; p++)
    tokens.push((await joinWorkshop(server.url, workshop, `P${p}`)).participantToken);
  rooms.push({ workshop, clients: tokens.map((token) => connectYjs(server.url, workshop.id, token)) });
}
await Promise.all(rooms.flatMap((room) => room.clients.map((c) => synced(c.provider, 60_000))));
const connectMs = performance.now() - connectStart;
console.log(
  `connected and synced ${workshops * people} clients in ${(connectMs / 1000).toFixed(1)} s; server rss ${rssMb(pid)} MB`,
);

const latencies: number[] = [];
const sentAt = new Map<string, number>();
for (const room of rooms) {
  for (const client of room.clients.slice(1)) {
    notesOf(client.doc).observe((event) => {
      const now = performance.now();
      for (const key of event.keysChanged) {
        const start = sentAt.get(key);
        if (start !== undefined) latencies.push(now - start);
      }
    });
  }
}
for (let i = 0; i < edits; i++) {
  for (const [w, room] of rooms.entries()) {
    const id = `n-${w}-${i}`;
    sentAt.set(id, performance.now());
    addNote(room.clients[0]!.doc, {
      id,
      wall: 'crappy',
      text: `edit ${i}`,
      author: { id: 'x', name: 'x' },
      now: Date.now(),
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const expected = edits * workshops * (people - 1);
const deadline = Date.now() + 30_000;
while (latencies.length < expected && Date.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 50));
const sorted = [...latencies].sort((a, b) => a - b);
console.log(
  `relay latency over ${sorted.length}/${expected} deliveries: p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
    `p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
);
console.log(`server rss after ${edits * workshops} edits: ${rssMb(pid)} MB`);

for (const room of rooms) for (const client of room.clients) client.destroy();
await server.stop();
process.exit(0);
