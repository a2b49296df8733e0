import { describe, expect, it } from 'vitest';
import { type PastConnections, summariseConnections } from '../../server/domain/connection-summary';

const now = 10_000_000;
const minute = 60_000;
const people = [
  { id: 'fay', name: 'Fay' },
  { id: 'ann', name: 'Ann' },
  { id: 'ben', name: 'Ben' },
];
const past = (fields: Partial<PastConnections>): PastConnections => ({
  joins: 0,
  recentJoins: 0,
  firstJoinAt: null,
  lastLeftAt: null,
  lastClock: null,
  ...fields,
});

describe('connection summary', () => {
  it('shows who is online since when, on which process, with the live clock report', () => {
    const [fay] = summariseConnections(
      people,
      [
        { participantId: 'fay', processId: 'p2', connectedAt: now - 5 * minute },
        {
          participantId: 'fay',
          processId: 'p1',
          connectedAt: now - 2 * minute,
          clock: { rttMs: 42.4, offsetMs: -1234.6, at: now - minute },
        },
      ],
      new Map([['fay', past({ joins: 2, firstJoinAt: now - 90 * minute })]]),
      now,
    );
    expect(fay).toEqual({
      participantId: 'fay',
      name: 'Fay',
      online: true,
      connections: 2,
      since: now - 5 * minute,
      reconnects: 1,
      recentReconnects: 0,
      flapping: false,
      rttMs: 42,
      offsetMs: -1235,
      processIds: ['p1', 'p2'],
    });
  });

  it('shows someone gone since their last leave, with the clock they last reported', () => {
    const rows = summariseConnections(
      people,
      [],
      new Map([
        [
          'ann',
          past({
            joins: 2,
            firstJoinAt: now - 60 * minute,
            lastLeftAt: now - minute,
            lastClock: { rttMs: 900, offsetMs: 5, at: now - 2 * minute },
          }),
        ],
      ]),
      now,
    );
    expect(rows[1]).toMatchObject({ online: false, since: now - minute, reconnects: 1, rttMs: 900 });
    // Never seen: no time, no clock, no process.
    expect(rows[2]).toMatchObject({ online: false, since: null, reconnects: 0, rttMs: null, processIds: [] });
  });

  it('marks as flapping three reconnects within five minutes, not counting the very first join', () => {
    const [, ann, ben] = summariseConnections(
      people,
      [],
      new Map([
        // Joined for the first time 4 minutes ago and came back 3 times: 3 recent reconnects.
        ['ann', past({ joins: 4, recentJoins: 4, firstJoinAt: now - 4 * minute })],
        // Joined and came back twice in the window, once much earlier: 2 recent reconnects.
        ['ben', past({ joins: 4, recentJoins: 2, firstJoinAt: now - 60 * minute })],
      ]),
      now,
    );
    expect(ann).toMatchObject({ reconnects: 3, recentReconnects: 3, flapping: true });
    expect(ben).toMatchObject({ reconnects: 3, recentReconnects: 2, flapping: false });
  });

  it('counts a live connection the event log has not written yet', () => {
    const [fay] = summariseConnections(
      people,
      [{ participantId: 'fay', processId: 'p1', connectedAt: now }],
      new Map(),
      now,
    );
    expect(fay).toMatchObject({ online: true, reconnects: 0, since: now });
  });
});
