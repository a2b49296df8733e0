import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommandName, CommandPayload } from '../../server/contract/commands';
import type { Ack } from '../../server/contract/errors';
import type { CreatedWorkshop, WorkshopSummary } from '../../server/contract/http-workshop';
import { estimateClockOffset } from '../../server/model/clock-offset';
import { addNote } from '../../server/model/notes';
import { addLogEntry, listLogEntries } from '../../server/model/scribe-log';
import type { WorkshopState } from '../../server/model/state';
import { readState, stateMapOf } from '../../server/model/state-doc';
import { remainingMs } from '../../server/model/timer';
import {
  connectSocket,
  connectYjs,
  createWorkshop,
  eventually,
  joinWorkshop,
  synced,
} from '../helpers/clients';
import { numberedCards } from '../helpers/deck';
import { openRawYjs, updateMessage } from '../helpers/raw-yjs';
import { useServer } from '../helpers/use-server';

const scenarios = numberedCards(12);

describe('workshop commands', () => {
  const served = useServer({ env: { FACILITATOR_CLAIM_AFTER_MS: '400' } });
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** A socket.io client that sends commands and returns their acks. */
  const commander = async (workshop: CreatedWorkshop, token: string) => {
    const socket = connectSocket(served.url, workshop.id, token);
    cleanups.push(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once('session:ready', () => resolve());
      socket.once('connect_error', reject);
    });
    return {
      socket,
      // Typed loosely on purpose: the tests also send payloads the schema must refuse.
      send: <N extends CommandName>(name: N, payload: CommandPayload<N>) =>
        (
          socket.timeout(10_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack<unknown>> }
        ).emitWithAck(name, payload),
    };
  };

  /** A read-only view of the authoritative state, as a browser gets it. */
  const watchState = async (workshop: CreatedWorkshop, token: string) => {
    const client = connectYjs(served.url, `${workshop.id}/state`, token);
    cleanups.push(client.destroy);
    await synced(client.provider);
    return () => readState(client.doc) as WorkshopState;
  };

  const setUp = async (people = 0) => {
    const workshop = await createWorkshop(served.url, {
      scenarios,
      durationMinutes: 30,
      reflectionMinutes: 10,
    });
    const joined = await Promise.all(
      Array.from({ length: people }, (_, i) => joinWorkshop(served.url, workshop, `P${i}`)),
    );
    const facilitator = await commander(workshop, workshop.facilitatorToken);
    return { workshop, joined, facilitator };
  };

  it('ten participants drawing at the same moment all get different cards', async () => {
    const { workshop, joined, facilitator } = await setUp(10);
    expect(await facilitator.send('phase:set', { phase: 'draw' })).toEqual({ ok: true, value: null });
    const clients = await Promise.all(joined.map((p) => commander(workshop, p.participantToken)));
    const acks = await Promise.all(clients.map((c) => c.send('hat:draw', {})));
    const cards = acks.map((ack) => (ack.ok ? (ack.value as { cardId: string }).cardId : ack.error.code));
    expect(new Set(cards).size).toBe(10);
    const state = await watchState(workshop, workshop.facilitatorToken);
    await eventually(() => expect(state().hat).toHaveLength(2));
    expect(
      state()
        .draws.map((d) => d.cardId)
        .sort(),
    ).toEqual([...cards].sort());
  });

  it("a participant's facilitator command is refused and changes nothing", async () => {
    const { workshop, joined } = await setUp(1);
    const ann = await commander(workshop, joined[0]!.participantToken);
    const state = await watchState(workshop, joined[0]!.participantToken);
    await eventually(() => expect(state()).toBeDefined());
    const before = JSON.stringify(state());
    for (const [name, payload] of [
      ['phase:set', { phase: 'draw' }],
      ['timer:start', {}],
      ['scribe:assign', { participantId: joined[0]!.participantId }],
      ['role:hand', { participantId: joined[0]!.participantId }],
      ['workshop:end', {}],
    ] as const) {
      const ack = await ann.send(name, payload as never);
      expect(ack).toEqual({
        ok: false,
        error: { code: 'NOT_FACILITATOR', message: 'Only the facilitator can do that.' },
      });
    }
    expect(JSON.stringify(state())).toBe(before);
  });

  it('answers a malformed payload with BAD_REQUEST and changes nothing', async () => {
    const { workshop, facilitator } = await setUp();
    const state = await watchState(workshop, workshop.facilitatorToken);
    await eventually(() => expect(state()).toBeDefined());
    const before = JSON.stringify(state());
    for (const payload of [{ phase: 'party' }, { phase: 'draw', extra: 1 }, 'draw', null]) {
      const ack = await facilitator.send('phase:set', payload as never);
      expect(ack.ok === false && ack.error.code).toBe('BAD_REQUEST');
    }
    expect((await facilitator.send('timer:adjust', { minutes: 0 })).ok).toBe(false);
    expect(JSON.stringify(state())).toBe(before);
  });

  it('a raw Yjs write to the authoritative state is refused and nobody sees it', async () => {
    const { workshop, joined, facilitator } = await setUp(1);
    const state = await watchState(workshop, workshop.facilitatorToken);
    await eventually(() => expect(state()?.phase).toBe('lobby'));
    const raw = openRawYjs(served.url, `${workshop.id}/state`, joined[0]!.participantToken);
    await raw.opened;
    // A forged update that makes the attacker facilitator and jumps to the end.
    const forged = new Y.Doc();
    stateMapOf(forged).set('facilitatorId', joined[0]!.participantId);
    stateMapOf(forged).set('phase', 'ended');
    raw.send(updateMessage(Y.encodeStateAsUpdate(forged)));
    expect((await raw.closed).code).toBe(4403);
    // The server's state is untouched, and the facilitator still commands.
    expect(await facilitator.send('phase:set', { phase: 'draw' })).toMatchObject({ ok: true });
    await eventually(() => expect(state().phase).toBe('draw'));
    expect(state().facilitatorId).not.toBe(joined[0]!.participantId);
    const fresh = await watchState(workshop, joined[0]!.participantToken);
    expect(fresh().facilitatorId).toBe(state().facilitatorId);
  });

  it('only the scribe and the facilitator write the scribe log', async () => {
    const { workshop, joined, facilitator } = await setUp(2);
    const [scribe, other] = joined as [(typeof joined)[0], (typeof joined)[0]];
    expect((await facilitator.send('scribe:assign', { participantId: scribe.participantId })).ok).toBe(true);
    const scribeLog = connectYjs(served.url, `${workshop.id}/log`, scribe.participantToken);
    const otherLog = connectYjs(served.url, `${workshop.id}/log`, other.participantToken);
    cleanups.push(scribeLog.destroy, otherLog.destroy);
    await Promise.all([synced(scribeLog.provider), synced(otherLog.provider)]);
    addLogEntry(otherLog.doc, {
      id: 'forged',
      turnId: 't',
      text: 'I was not the scribe',
      atMs: 0,
      author: { id: other.participantId, name: 'P1' },
    });
    addLogEntry(scribeLog.doc, {
      id: 'real',
      turnId: 't',
      text: 'Opened the error dashboard',
      atMs: 1_000,
      author: { id: scribe.participantId, name: 'P0' },
    });
    const reader = connectYjs(served.url, `${workshop.id}/log`, workshop.facilitatorToken);
    cleanups.push(reader.destroy);
    await eventually(async () => {
      await synced(reader.provider);
      expect(listLogEntries(reader.doc).map((e) => e.id)).toEqual(['real']);
    });
    await eventually(() =>
      expect(
        served.server.logs.some(
          (l) => l.event === 'yjs.write_refused' && l.participantId === other.participantId,
        ),
      ).toBe(true),
    );
  });

  it('a client whose clock is 7 minutes off shows the same remaining time within a second', async () => {
    const { workshop, joined, facilitator } = await setUp(1);
    expect((await facilitator.send('timer:start', {})).ok).toBe(true);
    const skewed = await commander(workshop, joined[0]!.participantToken);
    const skew = -7 * 60_000;
    const localNow = () => Date.now() + skew;
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const sentAt = localNow();
      const pong = await skewed.socket.emitWithAck('clock:ping');
      samples.push({ sentAt, receivedAt: localNow(), serverNow: pong.serverNow });
    }
    const offset = estimateClockOffset(samples)!.offsetMs;
    const state = await watchState(workshop, joined[0]!.participantToken);
    await eventually(() => expect(state().timer.status).toBe('running'));
    const shownBySkewed = remainingMs(state().timer, localNow() + offset);
    const shownByCorrect = remainingMs(state().timer, Date.now());
    expect(Math.abs(shownBySkewed - shownByCorrect)).toBeLessThan(1_000);
    // Without the offset it would be 7 minutes wrong.
    expect(Math.abs(remainingMs(state().timer, localNow()) - shownByCorrect)).toBeGreaterThan(6 * 60_000);
  });

  it('a participant may claim the facilitator role once the facilitator has been gone a while', async () => {
    const { workshop, joined, facilitator } = await setUp(1);
    const ann = await commander(workshop, joined[0]!.participantToken);
    expect((await ann.send('role:claim', {})).ok).toBe(false);
    facilitator.socket.disconnect();
    const state = await watchState(workshop, joined[0]!.participantToken);
    await eventually(() => expect(state().facilitatorAwaySince).not.toBeNull());
    await eventually(async () => expect((await ann.send('role:claim', {})).ok).toBe(true), 5_000, 150);
    await eventually(() => expect(state().facilitatorId).toBe(joined[0]!.participantId));
    expect(state().roleEvents.at(-1)).toMatchObject({ kind: 'claimed', to: joined[0]!.participantId });
    expect((await ann.send('timer:start', {})).ok).toBe(true);
  });

  it('ending a workshop writes its record and makes the room read-only', async () => {
    const { workshop, joined, facilitator } = await setUp(1);
    const ann = joined[0]!;
    const annCommands = await commander(workshop, ann.participantToken);
    await facilitator.send('phase:set', { phase: 'draw' });
    await annCommands.send('hat:draw', {});
    await facilitator.send('scribe:assign', { participantId: ann.participantId });
    expect(await facilitator.send('turn:start', { participantId: ann.participantId })).toMatchObject({
      ok: true,
    });
    expect(await annCommands.send('evidence:reveal', { index: 0 })).toMatchObject({ ok: true });
    const state = await watchState(workshop, ann.participantToken);
    await eventually(() => expect(state().currentTurnId).not.toBeNull());
    const turnId = state().currentTurnId!;
    const room = connectYjs(served.url, workshop.id, ann.participantToken);
    const log = connectYjs(served.url, `${workshop.id}/log`, ann.participantToken);
    cleanups.push(room.destroy, log.destroy);
    await Promise.all([synced(room.provider), synced(log.provider)]);
    const author = { id: ann.participantId, name: 'P0' };
    addLogEntry(log.doc, { id: 's1', turnId, text: 'Searched the logs for 5xx', atMs: 30_000, author });
    addNote(room.doc, {
      id: 'n1',
      wall: 'crappy',
      text: 'Log search took ages',
      author,
      now: Date.now(),
      turnId,
    });
    addNote(room.doc, {
      id: 'a1',
      wall: 'actions',
      text: 'Add a 5xx alarm',
      author,
      now: Date.now(),
      ownerId: ann.participantId,
      dueDate: '2026-12-01',
      priority: 'high',
    });
    await facilitator.send('phase:set', { phase: 'reflect' });
    await eventually(() => expect(state().phase).toBe('reflect'));
    expect(await annCommands.send('vote:cast', { actionId: 'a1' })).toMatchObject({ ok: true });
    expect(await facilitator.send('workshop:end', {})).toMatchObject({ ok: true });

    const summary = await eventually(async () => {
      const response = await fetch(`${served.url}/api/workshops/${workshop.id}/summary`, {
        headers: { authorization: `Bearer ${ann.participantToken}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as WorkshopSummary;
    });
    expect(summary.turns).toHaveLength(1);
    expect(summary.turns[0]).toMatchObject({
      participantName: 'P0',
      scenario: { title: expect.stringMatching(/^Card \d+$/) },
    });
    expect(summary.turns[0]!.events.map((e) => [e.kind, e.atMs > 0 || e.kind === 'reveal', e.text])).toEqual([
      ['reveal', true, expect.stringMatching(/^alert/)],
      ['step', true, 'Searched the logs for 5xx'],
    ]);
    expect(summary.notes).toMatchObject([{ wall: 'crappy', text: 'Log search took ages', authorName: 'P0' }]);
    expect(summary.actions).toMatchObject([
      {
        text: 'Add a 5xx alarm',
        ownerName: 'P0',
        dueDate: '2026-12-01',
        priority: 'high',
        votes: 1,
        status: 'open',
      },
    ]);

    // After the end, writes to the room are dropped and commands refused.
    addNote(room.doc, { id: 'late', wall: 'crappy', text: 'too late', author, now: Date.now() });
    expect(await facilitator.send('phase:set', { phase: 'draw' })).toMatchObject({
      ok: false,
      error: { code: 'WORKSHOP_ENDED' },
    });
    const check = connectYjs(served.url, workshop.id, workshop.facilitatorToken);
    cleanups.push(check.destroy);
    await synced(check.provider);
    expect(check.doc.getMap('notes').has('late')).toBe(false);
    const record = await fetch(`${served.url}/api/workshops/${workshop.id}`, {
      headers: { authorization: `Bearer ${workshop.facilitatorToken}` },
    });
    expect(((await record.json()) as { phase: string }).phase).toBe('ended');
  });
});
