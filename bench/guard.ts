/**
 * Guard benchmark: what checking an update costs next to applying it. Builds a walls document like a
 * busy workshop's (NOTES notes with typed text), then replays a stream of typical edits (typing into a
 * note, a new note, moving a note) and times, per update, what the server does without the guard
 * (decode + apply) and with it (decode + guard + apply). Run: `npm run bench:guard`.
 */
import * as Y from 'yjs';
import { checkUpdate, type Sender } from '../server/domain/update-guard';
import { addNote, noteText, setTextMinimal, updateNote } from '../server/model/notes';

const notes = Number(process.env.NOTES ?? 300);
const rounds = Number(process.env.ROUNDS ?? 5);
const ann: Sender = { id: 'ann', name: 'Ann', isFacilitator: false, isScribe: false };

/** A stream of updates as one client produces them, against a server copy built from `base`. */
function updatesFrom(base: Y.Doc): Uint8Array[] {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 2_000; i++) {
    const target = `n${i % notes}`;
    if (i % 50 === 0)
      addNote(client, { id: `new-${i}`, wall: 'awesome', text: 'fresh', author: ann, now: i });
    else if (i % 25 === 0) updateNote(client, target, { wall: i % 2 ? 'crappy' : 'actions' });
    else {
      const text = noteText(client, target)!;
      setTextMinimal(text, `${text.toString().slice(-200)}${String.fromCharCode(97 + (i % 26))}`);
    }
  }
  return updates;
}

const base = new Y.Doc();
for (let i = 0; i < notes; i++)
  addNote(base, { id: `n${i}`, wall: 'crappy', text: `note ${i}`, author: ann, now: i });
const baseState = Y.encodeStateAsUpdate(base);
const stream = updatesFrom(base);
console.log(
  `walls of ${notes} notes (${baseState.byteLength} bytes); ${stream.length} updates per round, ${rounds} rounds`,
);

const time = (guarded: boolean) => {
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    const server = new Y.Doc();
    Y.applyUpdate(server, baseState);
    const started = process.hrtime.bigint();
    for (const update of stream) {
      Y.decodeUpdate(update);
      if (guarded && !checkUpdate(server, 'walls', update, ann).ok)
        throw new Error('a legitimate edit was refused');
      Y.applyUpdate(server, update);
    }
    total += Number(process.hrtime.bigint() - started) / 1000;
  }
  return total / (rounds * stream.length);
};
time(true); // warm-up
const plain = time(false);
const guarded = time(true);
console.log(`decode + apply:          ${plain.toFixed(1)} µs per update`);
console.log(
  `decode + guard + apply:  ${guarded.toFixed(1)} µs per update (${(guarded / plain).toFixed(2)}x)`,
);
