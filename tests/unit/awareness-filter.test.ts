import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { filterAwarenessUpdate } from '../../server/transport/awareness-filter';

function update(entries: [number, number, unknown][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(encoder, id);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

describe('awareness filter', () => {
  const user = { id: 'p1', name: 'Ann', role: 'participant' };

  it('stamps the authenticated identity over whatever the client claimed', () => {
    const result = filterAwarenessUpdate(
      update([[7, 1, { user: { name: 'CEO' }, cursor: 3 }]]),
      () => true,
      user,
    );
    const target = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(target, result.update, null);
    expect(target.getStates().get(7)).toEqual({ user, cursor: 3 });
    expect(result.clientIds).toEqual([7]);
  });

  it('drops entries for client ids the sender may not control, and non-object states', () => {
    const result = filterAwarenessUpdate(
      update([
        [1, 1, { a: 1 }],
        [2, 1, null],
        [3, 1, [1, 2]],
        [4, 1, 'text'],
      ]),
      (id) => id !== 1,
      user,
    );
    expect(result.clientIds).toEqual([2]);
  });

  it('throws on bytes that are not an awareness update', () => {
    expect(() => filterAwarenessUpdate(new Uint8Array([3, 1, 1]), () => true, user)).toThrow();
    expect(() =>
      filterAwarenessUpdate(new Uint8Array([...update([[1, 1, {}]]), 9]), () => true, user),
    ).toThrow();
  });
});
