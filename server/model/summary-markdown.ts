/** A workshop record as Markdown, ready to paste into a wiki page. */
import type { WorkshopSummary } from '../contract/http-workshop';
import { NOTE_WALLS, WALL_TITLES } from '../contract/vocabulary';

/** m:ss (or h:mm:ss) since the start of a turn. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const cell = (text: string | number | null) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
const quote = (text: string) => text.split('\n').join(' ');

/** The whole record: who took part, each turn's timeline, both walls, the actions. */
export function summaryToMarkdown(summary: WorkshopSummary): string {
  const date = (summary.endedAt ?? summary.createdAt).slice(0, 10);
  const out = [
    `# ${summary.title}`,
    '',
    `Firedrill workshop, ${date}. Taking part: ${summary.participants.map((p) => p.name).join(', ')}.`,
    '',
  ];
  out.push('## Turns', '');
  if (summary.turns.length === 0) out.push('No turns were played.', '');
  for (const turn of summary.turns) {
    out.push(`### ${turn.position + 1}. ${turn.participantName}: ${turn.scenario?.title ?? 'no card'}`, '');
    if (turn.scenario?.summary) out.push(`> ${quote(turn.scenario.summary)}`, '');
    for (const event of turn.events) {
      const what =
        event.kind === 'reveal'
          ? `**Evidence revealed** (${event.evidenceKind}: ${event.label}): ${quote(event.text)}`
          : quote(event.text);
      out.push(`- +${formatOffset(event.atMs)} ${what}`);
    }
    out.push('');
  }
  for (const wall of NOTE_WALLS) {
    out.push(`## ${WALL_TITLES[wall]}`, '');
    const notes = summary.notes.filter((n) => n.wall === wall);
    if (notes.length === 0) out.push('Nothing noted.');
    for (const note of notes) {
      const from = [note.group && `group: ${note.group}`, note.scenarioTitle && `from: ${note.scenarioTitle}`]
        .filter(Boolean)
        .join('; ');
      out.push(`- ${quote(note.text)}${from ? ` _(${from})_` : ''}`);
    }
    out.push('');
  }
  out.push(`## ${WALL_TITLES.actions}`, '');
  if (summary.actions.length === 0) out.push('No actions.', '');
  else {
    out.push('| Action | Owner | Due | Priority | Votes | Status |', '|---|---|---|---|---|---|');
    for (const a of summary.actions) {
      out.push(
        `| ${cell(a.text)} | ${cell(a.ownerName)} | ${cell(a.dueDate)} | ${a.priority} | ${a.votes} | ${a.status.replace('_', ' ')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** A file-name-safe slug of a title. */
export function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'workshop'
  );
}
