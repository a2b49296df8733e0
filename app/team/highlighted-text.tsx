'use client';

import { findSecrets } from '@/server/model/redaction';
import { SECRET_KIND_NAMES, SECRET_KINDS } from '@/server/model/secret-kinds';

const PLACEHOLDER = new RegExp(`<(?:${SECRET_KINDS.join('|')})-\\d+>`, 'g');

type Segment = { text: string; mark?: 'finding' | 'kept' | 'placeholder'; title?: string };

/** Cuts `text` into plain runs, likely secrets (open or kept) and placeholders left by redaction. */
function segments(text: string, kept: ReadonlySet<string>): Segment[] {
  const marks = [
    ...findSecrets(text).map((f) => ({
      start: f.start,
      end: f.end,
      mark: kept.has(f.value) ? ('kept' as const) : ('finding' as const),
      title: `${SECRET_KIND_NAMES[f.kind]}${kept.has(f.value) ? ', kept' : ''}`,
    })),
    ...[...text.matchAll(PLACEHOLDER)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      mark: 'placeholder' as const,
      title: 'redacted',
    })),
  ].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    if (m.start > at) out.push({ text: text.slice(at, m.start) });
    out.push({ text: text.slice(m.start, m.end), mark: m.mark, title: m.title });
    at = m.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/** Evidence text with likely secrets highlighted, kept values and placeholders marked differently. */
export function HighlightedText(props: { text: string; kept?: readonly string[]; label: string }) {
  const kept = new Set(props.kept ?? []);
  return (
    <pre className="highlighted-text" title={props.label}>
      {segments(props.text, kept).map((s, i) =>
        s.mark ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and rebuilt on each change
          <mark key={i} className={`mark-${s.mark}`} title={s.title} data-mark={s.mark}>
            {s.text}
          </mark>
        ) : (
          s.text
        ),
      )}
    </pre>
  );
}
