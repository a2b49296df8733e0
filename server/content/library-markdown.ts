/**
 * The Markdown form of scenario cards, for wiki pages and hand editing. One card:
 *
 *     # Checkout API 5xx alarm at 02:10
 *
 *     - Severity: high
 *     - Tags: payments, api
 *     - Happened on: 2026-10-02        (or "- Made up")
 *
 *     Summary paragraphs…
 *
 *     ## Evidence
 *
 *     ### alert: PagerDuty
 *
 *     ````
 *     5xx rate > 5% for 5 minutes
 *     ````
 *
 * Several cards in one file are separated by a line `---`. Fences are longer than any run of
 * backticks in the body, so any text survives the round trip.
 */
import type { LibraryCardInput } from '../contract/team';

function fence(body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** One card as Markdown. */
export function cardToMarkdown(card: LibraryCardInput): string {
  const lines = [`# ${card.title}`, '', `- Severity: ${card.severity}`];
  if (card.tags.length > 0) lines.push(`- Tags: ${card.tags.join(', ')}`);
  lines.push(card.happenedOn ? `- Happened on: ${card.happenedOn}` : '- Made up', '');
  if (card.summary) lines.push(card.summary, '');
  if (card.evidence.length > 0) {
    lines.push('## Evidence', '');
    for (const item of card.evidence) {
      const f = fence(item.body);
      lines.push(`### ${item.kind}: ${item.label}`, '', f, item.body, f, '');
    }
  }
  return lines.join('\n');
}

/** Several cards as one Markdown file. */
export function libraryToMarkdown(cards: LibraryCardInput[]): string {
  return cards.map(cardToMarkdown).join('\n---\n\n');
}

/** Thrown for Markdown that does not follow the format; the message names the card and line. */
export class MarkdownFormatError extends Error {}

/**
 * Parses cards from Markdown into unvalidated objects (the caller validates them with the same
 * schema as JSON imports).
 */
export function parseLibraryMarkdown(text: string): unknown[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cards: Record<string, unknown>[] = [];
  let card:
    | (Record<string, unknown> & { evidence: { kind: string; label: string; body: string }[] })
    | undefined;
  let summary: string[] = [];
  let section: 'head' | 'evidence' = 'head';
  const finish = () => {
    if (card) cards.push({ ...card, summary: summary.join('\n').trim() });
    card = undefined;
    summary = [];
    section = 'head';
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = `line ${i + 1}`;
    if (line.trim() === '---') {
      finish();
      continue;
    }
    const title = /^# (.+)$/.exec(line);
    if (title) {
      finish();
      card = { title: title[1]!.trim(), tags: [], severity: 'medium', happenedOn: null, evidence: [] };
      continue;
    }
    if (!card) {
      if (line.trim() !== '') throw new MarkdownFormatError(`${at}: a card must start with "# Title"`);
      continue;
    }
    if (/^## Evidence\s*$/i.test(line)) {
      section = 'evidence';
      continue;
    }
    const item = /^### ([a-z]+):\s*(.+)$/.exec(line);
    if (item && section === 'evidence') {
      let j = i + 1;
      while (j < lines.length && lines[j]!.trim() === '') j++;
      const open = /^(`{3,})\s*$/.exec(lines[j] ?? '');
      if (!open) throw new MarkdownFormatError(`line ${j + 1}: evidence "${item[2]}" needs a fenced block`);
      const body: string[] = [];
      let k = j + 1;
      while (k < lines.length && lines[k] !== open[1]) body.push(lines[k++]!);
      if (k >= lines.length) throw new MarkdownFormatError(`line ${j + 1}: the fence is never closed`);
      card.evidence.push({ kind: item[1]!, label: item[2]!.trim(), body: body.join('\n') });
      i = k;
      continue;
    }
    if (section === 'head') {
      const field = /^- (Severity|Tags|Happened on):\s*(.*)$/i.exec(line);
      if (field) {
        const [, name, value = ''] = field;
        if (/^severity$/i.test(name!)) card.severity = value.trim().toLowerCase();
        else if (/^tags$/i.test(name!))
          card.tags = value
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
        else card.happenedOn = value.trim();
        continue;
      }
      if (/^- Made up\s*$/i.test(line)) {
        card.happenedOn = null;
        continue;
      }
      summary.push(line);
      continue;
    }
    if (line.trim() !== '')
      throw new MarkdownFormatError(`${at}: expected "### kind: label" under ## Evidence`);
  }
  finish();
  return cards;
}
