/**
 * History benchmark: a team with years of monthly workshops, read through the same SQL the team page
 * uses. Prints the seed size and the median time of each read. Run: `npm run bench:history`
 * (PGlite in a temp folder; set DATABASE_URL to a scratch PostgreSQL database to measure that).
 * YEARS (default 5) sets the size.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client';
import {
  actions,
  libraryCards,
  participants,
  scenarios,
  teams,
  turnEvents,
  workshopNotes,
  workshops,
  workshopTurns,
} from '../db/schema';
import { openBallot, sealScore } from '../server/domain/survey-seal';
import { generateId, hashToken } from '../server/domain/tokens';
import { RecordRepository } from '../server/persistence/record-repository';
import { SurveyRepository } from '../server/persistence/survey-repository';
import { TeamRepository } from '../server/persistence/team-repository';

const years = Number(process.env.YEARS ?? 5);
const database = await openDatabase({
  url: process.env.DATABASE_URL,
  dataDir: mkdtempSync(path.join(tmpdir(), 'firedrill-history-')),
});
const { db } = database;
const teamId = generateId();
await db
  .insert(teams)
  .values({ id: teamId, name: 'Bench', adminTokenHash: hashToken('a'), memberTokenHash: hashToken('m') });
const cards = Array.from({ length: 100 }, (_, i) => ({
  id: generateId(),
  teamId,
  title: `Card ${i}`,
  summary: 'summary',
  evidence: [],
}));
await db.insert(libraryCards).values(cards);
const teamRepo = new TeamRepository(db);
const surveys = new SurveyRepository(db);
const sealKey = randomBytes(32);
const months = years * 12;
let rows = 0;
for (let m = 0; m < months; m++) {
  const at = new Date(Date.UTC(2026 - years, m, 15));
  const workshopId = generateId();
  await db.insert(workshops).values({
    id: workshopId,
    teamId,
    title: `Drill ${m}`,
    durationMinutes: 60,
    reflectionMinutes: 15,
    joinTokenHash: hashToken(`j${m}`),
    phase: 'ended',
    createdAt: at,
    endedAt: at,
  });
  const people = Array.from({ length: 8 }, (_, p) => ({
    id: generateId(),
    workshopId,
    name: `P${p}`,
    role: p === 0 ? ('facilitator' as const) : ('participant' as const),
    tokenHash: hashToken(`${m}-${p}`),
  }));
  await db.insert(participants).values(people);
  const copies = people.map((_, p) => ({
    id: generateId(),
    workshopId,
    position: p,
    libraryCardId: cards[(m * 8 + p) % cards.length]!.id,
    title: `Card ${p}`,
    summary: 's',
    evidence: [],
  }));
  await db.insert(scenarios).values(copies);
  const turns = people.map((person, p) => ({
    id: generateId(),
    workshopId,
    position: p,
    participantId: person.id,
    scenarioId: copies[p]!.id,
    startedAt: at,
    endedAt: at,
  }));
  await db.insert(workshopTurns).values(turns);
  await db.insert(turnEvents).values(
    turns.flatMap((turn) =>
      Array.from({ length: 10 }, (_, e) => ({
        id: `${turn.id}:${e}`,
        workshopId,
        turnId: turn.id,
        position: e,
        kind: 'step' as const,
        atMs: e * 30_000,
        text: `step ${e}`,
      })),
    ),
  );
  await db.insert(workshopNotes).values(
    Array.from({ length: 20 }, (_, n) => ({
      id: generateId(),
      workshopId,
      wall: n % 2 ? ('crappy' as const) : ('awesome' as const),
      text: `note ${n}`,
      createdAt: at,
    })),
  );
  await db.insert(actions).values(
    Array.from({ length: 6 }, (_, a) => ({
      id: generateId(),
      workshopId,
      text: `action ${a}`,
      ownerName: 'P1',
      status: a % 3 ? ('done' as const) : ('open' as const),
      createdAt: at,
    })),
  );
  const month = at.toISOString().slice(0, 7);
  for (let s = 0; s < 6; s++) {
    await surveys.recordReceipt(teamId, month, hashToken(`${m}:${s}`));
    await surveys.castBallot(teamId, month, sealScore(sealKey, teamId, month, 1 + (s % 5)));
  }
  rows += 1 + 8 + 8 + 8 + 80 + 20 + 6;
}
console.log(
  `${database.driver}: seeded ${months} workshops (${rows} record rows, ${months * 6} survey answers, 100 cards)`,
);

// Every seeded month has ended: close them all in one go, as the first read of the team page would.
await surveys.closeMonths(teamId, '9999-12', 3, (month, sealed) =>
  openBallot(sealKey, teamId, month, sealed),
);
const records = new RecordRepository(db);
const lastWorkshop = (await teamRepo.listWorkshops(teamId))[0]!.id;
const reads: [string, () => Promise<unknown>][] = [
  ['library with run counts', () => teamRepo.listCards(teamId, false)],
  ['workshop list with head counts', () => teamRepo.listWorkshops(teamId)],
  ['action tracker', () => teamRepo.listActions(teamId)],
  [
    'survey tallies + completion',
    () => Promise.all([surveys.tallies(teamId), teamRepo.actionCompletion(teamId)]),
  ],
  ['one workshop record', () => records.readSummary(lastWorkshop)],
];
for (const [name, read] of reads) {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    await read();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name}: median ${times[3]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[6]!.toFixed(1)})`,
  );
}
await database.close();
