/**
 * Finds likely secrets and personal data in pasted incident evidence and replaces them with stable
 * placeholders. Pure string code (no Node or DOM API): the editor runs it in the browser as the author
 * types, and the server runs it again on what is stored.
 *
 * Every detector claims spans of the text; where claims overlap, the earlier detector in `DETECTORS`
 * (the more specific one) wins. A detector may claim a span as harmless (`kind: null`: a placeholder, a
 * certificate) so that the vaguer detectors after it leave the span alone. Every pattern bounds what it
 * repeats, and a pattern that repeats a character class starts only where a run of that class starts,
 * so a scan stays linear in the length of the text.
 */
import { DETECTORS } from './secret-detectors';
import { type Finding, PLACEHOLDER, type SecretKind } from './secret-kinds';

/**
 * Every likely secret or personal datum in `text`: sorted by start, non-overlapping (the most specific
 * kind wins: a JWT is not also a token; an AWS key is not also a token). Placeholders like `<email-1>`
 * are never findings.
 */
export function findSecrets(text: string): Finding[] {
  const claims = DETECTORS.flatMap((detect, rank) => detect(text).map((claim) => ({ ...claim, rank })));
  // Most specific detector first; within one detector the longer claim (an IPv6 address over the IPv4
  // address it embeds).
  claims.sort((a, b) => a.rank - b.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const claimed = new Uint8Array(text.length);
  const findings: Finding[] = [];
  for (const { kind, start, end } of claims) {
    if (claimed.subarray(start, end).includes(1)) continue;
    claimed.fill(1, start, end);
    if (kind) findings.push({ kind, start, end, value: text.slice(start, end) });
  }
  return findings.sort((a, b) => a.start - b.start);
}

/**
 * Redacts a whole card's texts at once. The same value always gets the same placeholder within the card,
 * numbered per kind in order of first appearance (`<email-1>`, `<email-2>`, `<ip-1>` …), continuing after
 * placeholders already present in the texts (a card redacted earlier that already has `<email-1>` gets
 * `<email-2>` for a new address). Values for which `keep(value)` is true are left as they are.
 * `replaced` lists each replaced value once, in order of first appearance.
 */
export function redactTexts(
  texts: readonly string[],
  keep: (value: string) => boolean = () => false,
): { texts: string[]; replaced: { kind: SecretKind; value: string; placeholder: string }[] } {
  const lastNumber = new Map<string, number>();
  for (const text of texts)
    for (const [, kind, number] of text.matchAll(PLACEHOLDER))
      lastNumber.set(kind!, Math.max(lastNumber.get(kind!) ?? 0, Number(number)));
  const placeholders = new Map<string, string>();
  const replaced: { kind: SecretKind; value: string; placeholder: string }[] = [];
  const redacted = texts.map((text) => {
    let result = '';
    let copied = 0;
    for (const { kind, start, end, value } of findSecrets(text)) {
      if (keep(value)) continue;
      let placeholder = placeholders.get(value);
      if (placeholder === undefined) {
        const number = (lastNumber.get(kind) ?? 0) + 1;
        lastNumber.set(kind, number);
        placeholder = `<${kind}-${number}>`;
        placeholders.set(value, placeholder);
        replaced.push({ kind, value, placeholder });
      }
      result += text.slice(copied, start) + placeholder;
      copied = end;
    }
    return result + text.slice(copied);
  });
  return { texts: redacted, replaced };
}
