import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { databaseFor, drivers } from '../helpers/databases';
import { startServer } from '../helpers/server-process';
import { createTeam, teamApi } from '../helpers/team';

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] =>
  Array.isArray(result) ? result : (result as { rows: Row[] }).rows;

describe.each(drivers)('survey anonymity on %s', (driver) => {
  it('stores no answer that can be tied to its author, token, time or order', async () => {
    const database = await databaseFor(driver);
    const server = await startServer({ databaseUrl: database.url });
    const team = await createTeam(server.url);
    const member = teamApi(server.url, team.id, team.memberToken);
    const keys = ['alpha-browser-key-0001', 'bravo-browser-key-0002', 'charlie-browser-key-03'];
    const scores = [5, 1, 3];
    for (const [i, key] of keys.entries())
      expect((await member.post('/survey', { score: scores[i], surveyKey: key })).status).toBe(201);
    await server.stop();

    const db = await openDatabase({ url: database.url, dataDir: server.dataDir });
    try {
      const columns = rowsOf(
        await db.db.execute(sql`select table_name, column_name from information_schema.columns
          where table_name in ('survey_tallies', 'survey_receipts') order by table_name, ordinal_position`),
      ).map((r) => `${r.table_name}.${r.column_name}`);
      // No id, timestamp, token, participant, IP or score beside a person: only counts and month-scoped hashes.
      expect(columns).toEqual([
        'survey_receipts.team_id',
        'survey_receipts.month',
        'survey_receipts.key_hash',
        'survey_tallies.team_id',
        'survey_tallies.month',
        'survey_tallies.score',
        'survey_tallies.count',
      ]);
      const tallies = rowsOf(
        await db.db.execute(sql`select score, count, xmin::text as xmin from survey_tallies order by score`),
      );
      expect(tallies.map((r) => [r.score, r.count])).toEqual([
        [1, 1],
        [2, 0],
        [3, 1],
        [4, 0],
        [5, 1],
      ]);
      // Every score row was rewritten by the last answer, so no row version points at the score it gave.
      expect(new Set(tallies.map((r) => r.xmin)).size).toBe(1);
      const receipts = rowsOf(
        await db.db.execute(sql`select encode(key_hash, 'hex') as hash from survey_receipts`),
      );
      expect(receipts).toHaveLength(3);
      const leaked = JSON.stringify(receipts);
      for (const key of keys) expect(leaked).not.toContain(key);
      expect(leaked).not.toContain(team.memberToken);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
