import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addLogEntry,
  deleteLogEntry,
  editLogEntry,
  listLogEntries,
  restoreLogEntry,
} from '../../server/model/scribe-log';

function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

const scribe = { id: 's', name: 'Scribe' };
const facilitator = { id: 'f', name: 'Fac' };

describe('scribe log', () => {
  it('keeps one order on every screen when the scribe and the facilitator write at the same moment', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addLogEntry(a, { id: 'e1', turnId: 't1', text: 'Opened Grafana', atMs: 10_000, author: scribe });
    exchange(a, b);
    addLogEntry(a, { id: 'e2', turnId: 't1', text: 'Checked the DLQ', atMs: 20_000, author: scribe });
    addLogEntry(b, { id: 'e3', turnId: 't1', text: 'Asked on-call', atMs: 20_500, author: facilitator });
    editLogEntry(b, 'e1', 'Opened Grafana (checkout board)');
    exchange(a, b);
    const ids = listLogEntries(a).map((e) => e.id);
    expect(listLogEntries(b).map((e) => e.id)).toEqual(ids);
    expect(ids[0]).toBe('e1');
    expect(new Set(ids)).toEqual(new Set(['e1', 'e2', 'e3']));
    expect(listLogEntries(a)[0]?.text).toBe('Opened Grafana (checkout board)');
  });

  it('filters by turn, and a deleted entry leaves the timeline until it is restored', () => {
    const doc = new Y.Doc();
    addLogEntry(doc, { id: 'e1', turnId: 't1', text: 'one', atMs: 1, author: scribe });
    addLogEntry(doc, { id: 'e2', turnId: 't2', text: 'two', atMs: 2, author: scribe });
    expect(listLogEntries(doc, 't2').map((e) => e.text)).toEqual(['two']);
    deleteLogEntry(doc, 'e1', 'scribe', 3);
    expect(listLogEntries(doc).map((e) => e.id)).toEqual(['e2']);
    expect(listLogEntries(doc, undefined, { deleted: true }).map((e) => e.id)).toEqual(['e1']);
    restoreLogEntry(doc, 'e1');
    expect(listLogEntries(doc).map((e) => e.id)).toEqual(['e1', 'e2']);
  });
});
