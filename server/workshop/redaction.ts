// A minimal stand-in for the detectors (e-mail, a few token prefixes, IPv4) until the full module lands.
export const SECRET_KINDS = ['email', 'ip', 'jwt', 'aws-key', 'token', 'card', 'phone'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];
export const SECRET_KIND_NAMES: Record<SecretKind, string> = {
  email: 'e-mail address',
  ip: 'IP address',
  jwt: 'JWT',
  'aws-key': 'AWS access key',
  token: 'API key or token',
  card: 'payment card number',
  phone: 'phone number',
};
export interface Finding {
  kind: SecretKind;
  start: number;
  end: number;
  value: string;
}
const patterns: [SecretKind, RegExp][] = [
  ['email', /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g],
  ['token', /\b(?:xox[bp]-[\w-]+|ghp_\w{20,}|sk_live_\w+)/g],
  ['ip', /\b(?:\d{1,3}\.){3}\d{1,3}\b/g],
];
export function findSecrets(text: string): Finding[] {
  const out: Finding[] = [];
  for (const [kind, re] of patterns)
    for (const m of text.matchAll(re))
      out.push({ kind, start: m.index, end: m.index + m[0].length, value: m[0] });
  return out.sort((a, b) => a.start - b.start);
}
export function redactTexts(texts: readonly string[], keep: (value: string) => boolean = () => false) {
  const table = new Map<string, string>();
  const counts = new Map<SecretKind, number>();
  for (const t of texts)
    for (const m of t.matchAll(/<([a-z-]+)-(\d+)>/g))
      counts.set(m[1] as SecretKind, Math.max(counts.get(m[1] as SecretKind) ?? 0, Number(m[2])));
  const replaced: { kind: SecretKind; value: string; placeholder: string }[] = [];
  const out = texts.map((text) => {
    let result = '';
    let at = 0;
    for (const f of findSecrets(text)) {
      if (keep(f.value)) continue;
      let ph = table.get(f.value);
      if (!ph) {
        const n = (counts.get(f.kind) ?? 0) + 1;
        counts.set(f.kind, n);
        ph = `<${f.kind}-${n}>`;
        table.set(f.value, ph);
        replaced.push({ kind: f.kind, value: f.value, placeholder: ph });
      }
      result += text.slice(at, f.start) + ph;
      at = f.end;
    }
    return result + text.slice(at);
  });
  return { texts: out, replaced };
}
