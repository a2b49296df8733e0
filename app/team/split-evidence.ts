/**
 * Cuts a pasted block of text (a Slack thread, a log excerpt, an alert) into evidence items, the way a
 * tech lead would cut a printout into strips: one per chat message or one per blank-line paragraph.
 * Pure, so the split preview and its tests agree.
 */
import type { EvidenceKind } from '@/server/contract/vocabulary';

/** Kinds a text item can take (image items come from files). */
export type TextKind = Exclude<EvidenceKind, 'image'>;

/** One proposed evidence item. */
export interface SplitPiece {
  kind: TextKind;
  label: string;
  body: string;
}

/** How to cut: per chat message, per blank-line paragraph, or not at all. */
export type SplitMode = 'messages' | 'paragraphs' | 'whole';

const TIME = String.raw`(?<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)`;
const NAME = String.raw`(?<name>[\p{L}@][\p{L}\p{M}\p{N}'’._\- ]{0,39}?)`;
const CAPITALISED = String.raw`(?<name>\p{Lu}[\p{L}\p{M}'’.\-]*(?: \p{Lu}[\p{L}\p{M}'’.\-]*){0,3})`;
/**
 * Lines that start a chat message, as the common tools copy them: "[10:42] Priya: text",
 * "10:42 Priya Shah: text", "Priya Shah  10:42 AM", "Priya Shah — 10:42", "priya [10:42 AM]",
 * "Priya Shah 10:42 AM". A plain sentence ending in a time ("we restarted at 10:42") is not one.
 */
const HEADERS = [
  String.raw`^\[${TIME}\]\s*${NAME}\s*:\s?(?<rest>.*)$`,
  String.raw`^${TIME}\s+${NAME}:\s(?<rest>.*)$`,
  String.raw`^${NAME}(?:\s{2,}|\s*[—–-]\s*|\s*\[)${TIME}\]?$`,
  String.raw`^${CAPITALISED}:?\s+${TIME}$`,
].map((source) => new RegExp(source, 'u'));

interface Header {
  name: string;
  time: string;
  rest: string;
}

function parseHeader(line: string): Header | null {
  for (const pattern of HEADERS) {
    const groups = pattern.exec(line.trim())?.groups;
    if (groups?.name && groups.time)
      return { name: groups.name.trim(), time: groups.time, rest: groups.rest ?? '' };
  }
  return null;
}

const LOG_LINE =
  /^\s*(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}|[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}|(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\b|\{"(?:level|time|ts|msg)")/;
const ALERT = /\b(?:FIRING|RESOLVED|ALERT|PagerDuty|Alertmanager|Triggered|CRITICAL)\b/;

/** A kind for a piece of text that is not a chat message. */
export function guessKind(body: string): TextKind {
  const lines = body.split('\n').filter((line) => line.trim());
  if (lines.length > 0 && lines.filter((line) => LOG_LINE.test(line)).length * 2 >= lines.length)
    return 'log';
  if (ALERT.test(lines[0] ?? '')) return 'alert';
  return 'text';
}

/** A short label: the first non-empty line, cut at a word near 60 characters. */
export function labelFor(body: string): string {
  const first =
    body
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? 'Evidence';
  if (first.length <= 60) return first;
  const cut = first.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${space > 30 ? cut.slice(0, space) : cut}…`;
}

/** The chat messages in `text`, or none when it does not look like a chat thread (fewer than 2 headers). */
function splitMessages(text: string): SplitPiece[] {
  const pieces: { header: Header; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const header = parseHeader(line);
    if (header) pieces.push({ header, lines: header.rest ? [header.rest] : [] });
    else if (pieces.length > 0) pieces.at(-1)?.lines.push(line);
  }
  if (pieces.length < 2) return [];
  return pieces
    .map(({ header, lines }) => ({
      kind: 'chat' as const,
      label: `${header.name} at ${header.time}`.slice(0, 120),
      body: `${header.name} (${header.time}): ${lines.join('\n').trim()}`,
    }))
    .filter((piece) => piece.body.length > 0);
}

function splitParagraphs(text: string): SplitPiece[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.replace(/^\n+|\s+$/g, ''))
    .filter((part) => part.trim())
    .map((body) => ({ kind: guessKind(body), label: labelFor(body), body }));
}

/** Which ways of cutting make sense for this text, best first. */
export function splitModes(text: string): SplitMode[] {
  const modes: SplitMode[] = [];
  if (splitMessages(text).length >= 2) modes.push('messages');
  if (splitParagraphs(text).length >= 2) modes.push('paragraphs');
  modes.push('whole');
  return modes;
}

/** Cuts `text` into evidence pieces, in order. Text longer than `maxChars` is cut into more pieces. */
export function splitEvidence(text: string, mode: SplitMode, maxChars = 20_000): SplitPiece[] {
  const normalised = text.replace(/\r\n?/g, '\n');
  const pieces =
    mode === 'messages'
      ? splitMessages(normalised)
      : mode === 'paragraphs'
        ? splitParagraphs(normalised)
        : [{ kind: guessKind(normalised), label: labelFor(normalised), body: normalised.trim() }];
  return pieces.flatMap((piece) => {
    if (piece.body.length <= maxChars) return [piece];
    const parts: SplitPiece[] = [];
    for (let at = 0; at < piece.body.length; at += maxChars)
      parts.push({
        ...piece,
        label: `${piece.label} (${parts.length + 1})`.slice(0, 120),
        body: piece.body.slice(at, at + maxChars),
      });
    return parts;
  });
}
