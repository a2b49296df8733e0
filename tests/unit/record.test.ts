import { describe, expect, it } from 'vitest';
import { buildRecordRows } from '../../server/domain/record';
import { seedState } from '../helpers/domain';

describe('workshop record', () => {
  const state = seedState({
    phase: 'ended',
    endedAt: 5_000_000,
    draws: [{ cardId: 'c1', participantId: 'ann', drawnAt: 1_000, seq: 1, drawnBy: 'ann' }],
    turns: [
      {
        id: 't1',
        participantId: 'ann',
        cardId: 'c1',
        startedAt: 2_000,
        endedAt: 300_000,
        reveals: [{ index: 0, kind: 'alert', label: 'Pager', body: '5xx', atMs: 40_000, by: 'ann' }],
      },
    ],
    votes: { a1: ['ann', 'bo'] },
  });
  const base = {
    authorId: 'ann',
    authorName: 'Ann',
    createdAt: 3_000,
    group: '',
    ownerId: null,
    dueDate: '',
    priority: 'medium' as const,
  };

  it('interleaves scribe steps and reveals by time within each turn', () => {
    const rows = buildRecordRows({
      workshopId: 'w',
      state,
      notes: [],
      entries: [
        { id: 'e1', turnId: 't1', text: 'Opened logs', atMs: 10_000, authorId: 'bo', authorName: 'Bo' },
        { id: 'e2', turnId: 't1', text: 'Read the alert', atMs: 60_000, authorId: 'bo', authorName: 'Bo' },
        { id: 'e3', turnId: 'nope', text: 'orphan', atMs: 1, authorId: 'bo', authorName: 'Bo' },
      ],
      members: new Map([['ann', 'Ann']]),
    });
    expect(rows.events.map((e) => [e.kind, e.atMs, e.text])).toEqual([
      ['step', 10_000, 'Opened logs'],
      ['reveal', 40_000, '5xx'],
      ['step', 60_000, 'Read the alert'],
    ]);
    expect(rows.turns).toMatchObject([{ id: 't1', position: 0, participantId: 'ann', scenarioId: 'c1' }]);
  });

  it('keeps notes and actions with their scenario, votes and owner, and drops empty ones', () => {
    const rows = buildRecordRows({
      workshopId: 'w',
      state,
      notes: [
        { ...base, id: 'n1', wall: 'crappy', text: 'Slow search', turnId: 't1', cardId: null },
        { ...base, id: 'n2', wall: 'awesome', text: '   ', turnId: null, cardId: null },
        {
          ...base,
          id: 'a1',
          wall: 'actions',
          text: 'Add alarm',
          turnId: 't1',
          cardId: null,
          ownerId: 'ann',
          dueDate: '2026-12-01',
        },
        {
          ...base,
          id: 'a2',
          wall: 'actions',
          text: 'Bad date',
          turnId: null,
          cardId: null,
          dueDate: 'tomorrow',
        },
      ],
      entries: [],
      members: new Map([['ann', 'Ann']]),
    });
    expect(rows.notes).toMatchObject([{ id: 'w:n1', wall: 'crappy', scenarioId: 'c1', turnId: 't1' }]);
    expect(rows.actions).toMatchObject([
      { id: 'w:a1', votes: 2, ownerName: 'Ann', dueDate: '2026-12-01', scenarioId: 'c1' },
      { id: 'w:a2', votes: 0, dueDate: null },
    ]);
  });
});
