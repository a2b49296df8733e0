import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote } from '../../server/model/notes';
import { createWorkshop, eventually, joinWorkshop, whoAmI } from '../helpers/clients';
import { openRawYjs, updateMessage } from '../helpers/raw-yjs';
import { type Cleanups, commander, openDoc } from '../helpers/room-clients';
import { useServer } from '../helpers/use-server';

const token = 'metrics-token-for-the-tests';

/** The value of the first sample of `name` whose labels include `labels`, or 0 if there is none yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (.+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe('GET /metrics', () => {
  const served = useServer({ env: { METRICS_TOKEN: token, PROCESS_ID: 'metrics-test' } });
  const cleanups: Cleanups = [];
  const scrape = async () => {
    const response = await fetch(`${served.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response.text();
  };
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('asks for the metrics token when one is configured', async () => {
    expect((await fetch(`${served.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${served.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
  });

  it('moves when a client connects, writes, is refused and sends commands, with no workshop in any label', async () => {
    const before = await scrape();
    expect(sample(before, 'process_cpu_user_seconds_total', { process: 'metrics-test' })).toBeGreaterThan(0);
    const workshop = await createWorkshop(served.url, { title: 'Metrics' });
    const ann = await joinWorkshop(served.url, workshop, 'Ann');
    const room = await openDoc(served.url, workshop.id, workshop.facilitatorToken, cleanups);
    const facilitator = await commander(served.url, workshop, workshop.facilitatorToken, cleanups);
    const participant = await commander(served.url, workshop, ann.participantToken, cleanups);

    addNote(room.doc, {
      id: 'n1',
      wall: 'crappy',
      text: 'counted',
      author: await whoAmI(served.url, workshop.id, workshop.facilitatorToken),
      now: 1,
    });
    expect(await facilitator.send('phase:set', { phase: 'draw' })).toMatchObject({ ok: true });
    expect(await participant.send('phase:set', { phase: 'reflect' })).toMatchObject({ ok: false });
    const hostile = new Y.Doc();
    hostile.getMap('bench').set('x', 1);
    const raw = openRawYjs(served.url, workshop.id, ann.participantToken);
    await raw.opened;
    raw.send(updateMessage(Y.encodeStateAsUpdate(hostile)));
    expect((await raw.closed).code).toBe(4422);

    await eventually(async () => {
      const after = await scrape();
      expect(sample(after, 'firedrill_connections', { transport: 'yjs' })).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'firedrill_connections', { transport: 'socketio' })).toBeGreaterThanOrEqual(2);
      expect(sample(after, 'firedrill_documents_loaded')).toBeGreaterThanOrEqual(2);
      expect(sample(after, 'firedrill_workshops_live')).toBeGreaterThanOrEqual(1);
      const grew = (name: string, labels: Record<string, string> = {}) =>
        sample(after, name, labels) - sample(before, name, labels);
      expect(grew('firedrill_yjs_updates_total', { doc: 'walls' })).toBeGreaterThanOrEqual(1);
      expect(grew('firedrill_yjs_updates_total', { doc: 'state' })).toBeGreaterThanOrEqual(1);
      expect(grew('firedrill_persist_lag_seconds_count')).toBeGreaterThanOrEqual(2);
      expect(grew('firedrill_commands_total', { command: 'phase:set', result: 'ok' })).toBe(1);
      expect(grew('firedrill_commands_total', { command: 'phase:set', result: 'NOT_FACILITATOR' })).toBe(1);
      expect(grew('firedrill_command_duration_seconds_count', { command: 'phase:set' })).toBe(2);
      expect(grew('firedrill_refused_total', { reason: 'yjs_edit_refused', code: '4422' })).toBe(1);
      expect(grew('firedrill_refused_total', { reason: 'command', code: 'NOT_FACILITATOR' })).toBe(1);
      expect(sample(after, 'firedrill_persist_queue_depth')).toBe(0);
      expect(after).not.toContain(workshop.id);
      expect(after).not.toContain('Ann');
    });
  });
});
