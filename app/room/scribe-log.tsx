'use client';

import { type FormEvent, useState } from 'react';
import { Limits } from '@/server/contract/limits';
import { addLogEntry, entriesOf, listLogEntries, restoreLogEntry } from '@/server/model/scribe-log';
import { canWriteLog, currentTurn } from '@/server/model/state';
import { EmptyState } from '../lib/empty-state';
import { useDocValue } from '../lib/use-doc';
import { LogItem, type TimelineItem } from './log-item';
import { useRoomContext } from './room-context';

/**
 * The timeline of a turn: the scribe's steps and the evidence reveals, interleaved by time since the
 * turn began. The current turn by default, earlier ones on request; only the scribe and the
 * facilitator get the input (the server drops anyone else's writes anyway).
 */
export function ScribeLog() {
  const { room, state, meId, nameOf, clockOffsetMs } = useRoomContext();
  const entries = useDocValue(room.logDoc, listLogEntries);
  const deleted = useDocValue(room.logDoc, listDeletedEntries);
  // Deleted steps count too: they can be restored until the workshop ends.
  const full = useDocValue(room.logDoc, countEntries) >= Limits.logEntriesPerWorkshop;
  const [picked, setPicked] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const live = currentTurn(state);
  const turn = state.turns.find((t) => t.id === picked) ?? live ?? state.turns.at(-1);
  const mayWrite = canWriteLog(state, meId);
  const items: TimelineItem[] = turn
    ? [
        ...entries.filter((e) => e.turnId === turn.id).map((entry) => ({ kind: 'step' as const, entry })),
        ...turn.reveals.map((reveal) => ({ kind: 'reveal' as const, reveal })),
      ].sort((a, b) => atOf(a) - atOf(b))
    : [];
  const emptyLogHint = () => {
    if (!turn) return 'The timeline starts with the first turn: each step the driver takes is logged here.';
    if (turn.id !== live?.id) return 'Nothing was logged in this turn.';
    const driverTakes = live.participantId === meId ? 'you take' : `${nameOf(live.participantId)} takes`;
    if (state.scribeId && state.scribeId !== meId)
      return `Nothing logged yet: ${nameOf(state.scribeId)} logs each step ${driverTakes} here.`;
    return mayWrite
      ? `Nothing logged yet: type each step ${driverTakes} below and press Enter.`
      : 'Nothing logged yet: the facilitator picks a scribe to log each step.';
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text || !live || full) return;
    addLogEntry(room.logDoc, {
      id: crypto.randomUUID(),
      turnId: live.id,
      text,
      atMs: Date.now() + clockOffsetMs - live.startedAt,
      author: { id: meId, name: room.record.you.name ?? nameOf(meId) },
    });
    setDraft('');
  };
  return (
    <section className="panel timeline" aria-labelledby="log-title" data-testid="scribe-log">
      <h2 id="log-title">Scribe log</h2>
      {state.turns.length > 1 && (
        <div className="field">
          <label htmlFor="log-turn">Turn</label>
          <select id="log-turn" value={turn?.id ?? ''} onChange={(event) => setPicked(event.target.value)}>
            {state.turns.map((t, i) => (
              <option key={t.id} value={t.id}>
                {i + 1}. {nameOf(t.participantId)}
                {t.cardId ? ` — ${state.cards[t.cardId]?.title ?? ''}` : ''}
                {t.id === live?.id ? ' (now)' : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      {items.length === 0 && <EmptyState>{emptyLogHint()}</EmptyState>}
      <ol className="timeline-items" aria-live="polite">
        {items.map((item) => (
          <LogItem key={item.kind === 'step' ? item.entry.id : `reveal-${item.reveal.index}`} item={item} />
        ))}
      </ol>
      {mayWrite && live && turn?.id === live.id && (
        <form className="note-form" onSubmit={submit}>
          <label htmlFor="log-draft" className="visually-hidden">
            Log a step
          </label>
          <input
            id="log-draft"
            value={draft}
            maxLength={Limits.noteChars}
            placeholder={`What ${nameOf(live.participantId)} does now…`}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" disabled={!draft.trim() || full}>
            Log
          </button>
        </form>
      )}
      {mayWrite && full && (
        <p className="muted small" role="status">
          The log is full: a workshop holds at most {Limits.logEntriesPerWorkshop} steps.
        </p>
      )}
      {mayWrite && turn && deleted.some((e) => e.turnId === turn.id) && (
        <details className="deleted-items" data-testid="deleted-steps">
          <summary>Deleted steps</summary>
          <ul>
            {deleted
              .filter((e) => e.turnId === turn.id)
              .map((entry) => (
                <li key={entry.id}>
                  {entry.text}{' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Restore step “${entry.text}”`}
                    onClick={() => restoreLogEntry(room.logDoc, entry.id)}
                  >
                    Restore
                  </button>
                </li>
              ))}
          </ul>
        </details>
      )}
    </section>
  );
}

const listDeletedEntries = (doc: Parameters<typeof entriesOf>[0]) =>
  listLogEntries(doc, undefined, { deleted: true });
const countEntries = (doc: Parameters<typeof entriesOf>[0]) => entriesOf(doc).length;

function atOf(item: TimelineItem): number {
  return item.kind === 'step' ? item.entry.atMs : item.reveal.atMs;
}
