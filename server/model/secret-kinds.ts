/**
 * The kinds of secret and personal data redaction finds, their names, the placeholders that replace
 * them, and the shape of a detector (secret-detectors.ts, personal-data-detectors.ts).
 */

/** Kinds of finding, in the order the placeholder names use. */
export const SECRET_KINDS = ['email', 'ip', 'jwt', 'aws-key', 'token', 'card', 'phone'] as const;

/** A kind of secret or personal datum; also the name inside its placeholders (`<aws-key-1>`). */
export type SecretKind = (typeof SECRET_KINDS)[number];

/** Human name of each kind for the UI. */
export const SECRET_KIND_NAMES: Record<SecretKind, string> = {
  email: 'e-mail address',
  ip: 'IP address',
  jwt: 'JWT',
  'aws-key': 'AWS access key',
  token: 'API key or token',
  card: 'payment card number',
  phone: 'phone number',
};

/** One likely secret: `value` is `text.slice(start, end)`. */
export interface Finding {
  kind: SecretKind;
  start: number;
  end: number;
  value: string;
}

/** A placeholder redaction wrote (`<email-1>`): the kind and the number. */
export const PLACEHOLDER = new RegExp(`<(${SECRET_KINDS.join('|')})-(\\d+)>`, 'g');

/** A span a detector claims; `kind: null` claims it as harmless. */
export interface Claim {
  kind: SecretKind | null;
  start: number;
  end: number;
}

export type Detector = (text: string) => Claim[];

/** What a pattern's match is: a kind, null for harmless, undefined for no claim at all. */
export type Classify = (
  value: string,
  match: RegExpMatchArray,
  text: string,
) => SecretKind | null | undefined;

/**
 * A detector from a global pattern that matches exactly the span to claim (context it needs goes in
 * lookarounds; the `d` flag would give group positions but makes matching several times slower).
 */
export function byPattern(pattern: RegExp, classify: Classify): Detector {
  return (text) => {
    const claims: Claim[] = [];
    for (const match of text.matchAll(pattern)) {
      const kind = classify(match[0], match, text);
      if (kind !== undefined) claims.push({ kind, start: match.index!, end: match.index! + match[0].length });
    }
    return claims;
  };
}

export const always =
  (kind: SecretKind | null): Classify =>
  () =>
    kind;
