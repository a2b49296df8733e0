import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedWorkshop, JoinedWorkshop } from '../../server/contract/http-workshop';
import {
  type CreatedTeam,
  type SurveyMonth,
  TEAM_NAMESPACE,
  type TeamServerToClientEvents,
  type TeamTopic,
} from '../../server/contract/team';
import { eventually, joinWorkshop } from '../helpers/clients';
import { movableClock, moveClock } from '../helpers/clock';
import { type DataSource, type OperatorView, openOperatorView, walEnd } from '../helpers/database-files';
import { databaseFor, drivers, type TestDatabase } from '../helpers/databases';
import { type ServerProcess, startServer, tempDataDir } from '../helpers/server-process';
import { createTeam, teamApi } from '../helpers/team';

const MONTH_MS = 32 * 86_400_000;

/** A team page's live connection, and what it heard. */
async function listen(baseUrl: string, teamId: string, token: string) {
  const socket: Socket<TeamServerToClientEvents> = io(`${baseUrl}${TEAM_NAMESPACE}`, {
    auth: { teamId, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const heard: TeamTopic[][] = [];
  socket.on('team:changed', (change) => heard.push([...change.topics]));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { heard, close: () => socket.disconnect() };
}

/** Every version of every row of the survey tables, and the columns and WAL behind them. */
async function inspect(source: DataSource, fromLsn: string) {
  const view: OperatorView = await openOperatorView(source);
  try {
    const tables = ['survey_receipts', 'survey_ballots', 'survey_tallies'];
    const [receipts, ballots, tallies] = await Promise.all(tables.map((t) => view.rowVersions(t)));
    const [receiptWal, ballotWal, tallyWal] = await Promise.all(
      tables.map((t) => view.walRecords(t, fromLsn)),
    );
    const scoreColumns = await view.query(
      `select table_name::text as t from information_schema.columns
        where table_schema not in ('pg_catalog', 'information_schema') and column_name ilike '%score%'`,
    );
    const ballotColumns = await view.query(
      `select column_name::text as c from information_schema.columns
        where table_name = 'survey_ballots' order by ordinal_position`,
    );
    const sealed = await view.query('select sealed from survey_ballots');
    const tallyRows = await view.query(
      'select team_id, month, score, count from survey_tallies order by team_id, score',
    );
    return {
      receipts: receipts!,
      ballots: ballots!,
      tallies: tallies!,
      receiptWal: receiptWal!,
      ballotWal: ballotWal!,
      tallyWal: tallyWal!,
      scoreTables: scoreColumns.map((r) => r.t),
      ballotColumns: ballotColumns.map((r) => r.c),
      sealed: sealed.map((r) => Buffer.from(r.sealed as Uint8Array)),
      tallyRows: tallyRows.map((r) => [r.team_id, r.month, r.score, r.count]),
    };
  } finally {
    await view.close();
  }
}

const xids = (records: { xid: string }[]) => new Set(records.map((r) => r.xid).filter((x) => x !== '0'));
const disjoint = (a: Set<string>, b: Set<string>) => [...a].filter((x) => b.has(x));

describe.each(drivers)('survey anonymity on %s', (driver) => {
  let database: TestDatabase;
  let source: DataSource;
  let fromLsn: string;
  let server: ServerProcess;
  let team: CreatedTeam;
  let other: CreatedTeam;
  let dee: JoinedWorkshop;
  let month: string;
  // Team A answers 4, 1, 4 (members) and 2 (Dee, who holds only her workshop token); team B twice.
  const scores = [4, 1, 4];

  beforeAll(async () => {
    database = await databaseFor(driver);
    source = database.url ? { url: database.url } : { dataDir: tempDataDir() };
    fromLsn = await walEnd(source);
    server = await startServer({
      databaseUrl: database.url,
      dataDir: source.dataDir,
      env: movableClock(MONTH_MS),
    });
    team = await createTeam(server.url);
    other = await createTeam(server.url, 'Search');
    const admin = teamApi(server.url, team.id, team.adminToken);
    const workshop = (await admin.post<CreatedWorkshop>('/workshops', { title: 'Drill', cardIds: [] })).body;
    dee = await joinWorkshop(server.url, workshop, 'Dee Survey-Taker');
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('a member who reads the results and hears the live events after every answer learns no score before the month closes', async () => {
    const member = teamApi(server.url, team.id, team.memberToken);
    const page = await listen(server.url, team.id, team.memberToken);
    const answers = [
      ...scores.map(
        (score, i) => () => member.post('/survey', { score, surveyKey: `member-key-${i}-0000000000` }),
      ),
      () =>
        teamApi(server.url, team.id, dee.participantToken).post('/survey', {
          score: 2,
          surveyKey: 'dee-key-00000000000',
        }),
    ];
    for (const [i, answer] of answers.entries()) {
      const answered = await answer();
      expect(answered.status).toBe(201);
      month = (answered.body as { month: string }).month;
      // The only thing that moves is the count of receipts: no distribution, no mean, no event.
      expect((await member.get<SurveyMonth[]>('/survey')).body).toEqual([
        {
          month,
          isOpen: true,
          answers: i + 1,
          hidden: true,
          distribution: null,
          mean: null,
          actionCompletionRate: null,
        },
      ]);
    }
    const otherMember = teamApi(server.url, other.id, other.memberToken);
    for (const key of ['other-key-1-000000000', 'other-key-2-000000000'])
      expect((await otherMember.post('/survey', { score: 5, surveyKey: key })).status).toBe(201);
    // A change that is announced, to prove the page was listening: it is the only thing it heard.
    expect((await teamApi(server.url, team.id, team.adminToken).patch('', { name: 'Payments' })).status).toBe(
      200,
    );
    await eventually(() => expect(page.heard).toEqual([['team']]));
    page.close();
  });

  it('an operator with the stopped server’s files finds no score in clear, nothing beside a person and no receipt in a ballot’s transaction', async () => {
    await server.stop();
    const seen = await inspect(source, fromLsn);
    // Only the tallies have a score column, and nothing was ever written to them: no row version,
    // no WAL record. The ballots hold no person, no time and no order: a random id and sealed bytes.
    expect(seen.scoreTables).toEqual(['survey_tallies']);
    expect(seen.tallies).toEqual([]);
    expect(seen.tallyWal).toEqual([]);
    expect(seen.ballotColumns).toEqual(['id', 'team_id', 'month', 'sealed']);
    expect(seen.ballots).toHaveLength(6);
    expect(seen.sealed.map((s) => s.length)).toEqual([29, 29, 29, 29, 29, 29]);
    // Equal scores (4 and 4, 5 and 5) share no bytes pattern: every ballot differs.
    expect(new Set(seen.sealed.map((s) => s.toString('hex'))).size).toBe(6);
    for (const version of [...seen.ballots, ...seen.receipts]) {
      for (const identifying of [
        dee.participantId,
        dee.participantToken,
        team.memberToken,
        'Dee Survey-Taker',
      ])
        expect(version.data.includes(Buffer.from(identifying))).toBe(false);
    }
    // Receipts and ballots: separate transactions, in the heap and in the WAL (which did see them all).
    expect(
      disjoint(new Set(seen.receipts.map((r) => r.xmin)), new Set(seen.ballots.map((b) => b.xmin))),
    ).toEqual([]);
    expect(xids(seen.ballotWal).size).toBe(6);
    expect(disjoint(xids(seen.receiptWal), xids(seen.ballotWal))).toEqual([]);
  });

  it('once the month has closed a member sees only the batch of at least three, announced once; a month of two stays hidden', async () => {
    server = await startServer({
      databaseUrl: database.url,
      dataDir: source.dataDir,
      env: movableClock(MONTH_MS),
    });
    await moveClock(server);
    const page = await listen(server.url, team.id, team.memberToken);
    const member = teamApi(server.url, team.id, team.memberToken);
    const closed = {
      month,
      isOpen: false,
      answers: 4,
      hidden: false,
      distribution: [1, 1, 0, 2, 0],
      mean: 2.75,
    };
    expect((await member.get<SurveyMonth[]>('/survey')).body).toEqual([
      { ...closed, actionCompletionRate: null },
    ]);
    expect((await member.get<SurveyMonth[]>('/survey')).body).toEqual([
      { ...closed, actionCompletionRate: null },
    ]);
    await eventually(() => expect(page.heard).toEqual([['survey']]));
    page.close();
    expect(
      (await teamApi(server.url, other.id, other.memberToken).get<SurveyMonth[]>('/survey')).body,
    ).toEqual([
      {
        month,
        isOpen: false,
        answers: 2,
        hidden: true,
        distribution: null,
        mean: null,
        actionCompletionRate: null,
      },
    ]);
  });

  it('after the close the files hold the tally written once and no ballot, live or dead', async () => {
    await server.stop();
    const seen = await inspect(source, fromLsn);
    expect(seen.tallyRows).toEqual(
      [1, 2, 3, 4, 5].map((score) => [team.id, month, score, [1, 1, 0, 2, 0][score - 1]]),
    );
    // One version per score row, all from one transaction that touched no receipt.
    expect(seen.tallies).toHaveLength(5);
    expect(new Set(seen.tallies.map((t) => t.xmin)).size).toBe(1);
    expect(seen.tallies.every((t) => t.xmax === '0')).toBe(true);
    expect(disjoint(xids(seen.tallyWal), xids(seen.receiptWal))).toEqual([]);
    // Deleted at the close and vacuumed: not even a dead version remains on the heap.
    expect(seen.ballots).toEqual([]);
    expect(seen.sealed).toEqual([]);
  });
});
