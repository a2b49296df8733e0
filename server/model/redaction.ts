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

/** A span a detector claims; `kind: null` claims it as harmless. */
interface Claim {
  kind: SecretKind | null;
  start: number;
  end: number;
}

type Detector = (text: string) => Claim[];

/** What a pattern's match is: a kind, null for harmless, undefined for no claim at all. */
type Classify = (value: string, match: RegExpMatchArray, text: string) => SecretKind | null | undefined;

/**
 * A detector from a global pattern that matches exactly the span to claim (context it needs goes in
 * lookarounds; the `d` flag would give group positions but makes matching several times slower).
 */
function byPattern(pattern: RegExp, classify: Classify): Detector {
  return (text) => {
    const claims: Claim[] = [];
    for (const match of text.matchAll(pattern)) {
      const kind = classify(match[0], match, text);
      if (kind !== undefined) claims.push({ kind, start: match.index!, end: match.index! + match[0].length });
    }
    return claims;
  };
}

const always =
  (kind: SecretKind | null): Classify =>
  () =>
    kind;

const PLACEHOLDER = new RegExp(`<(${SECRET_KINDS.join('|')})-(\\d+)>`, 'g');

// A key, its separator, and (looked ahead, so a quoted value can hold further `key=value` pairs) its
// value: quoted up to the closing quote, or bare up to a space, a delimiter of query strings, JSON and
// connection strings, or the separator of a next pair (so each bare value is read once), keeping base64
// padding. The value starts right after the match and its opening quote.
const ASSIGNMENT =
  /(?<![\w.-])-{0,2}(?<key>[A-Za-z_][\w.-]{0,80})(?<keyQuote>["']?)[ \t]*(?<sep>=>|:=|=|:)[ \t]*(?=(?<quote>["'])(?<quoted>[^"'\n]{1,4096})\k<quote>|(?<bare>[^\s"'<>,;&)}\]=:]{1,4096}={0,2}))/g;

/** A key name without case or punctuation: `X-Api-Key` → `xapikey`. */
const normaliseKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Key names (normalised) whose value is a secret: `DB_PASSWORD`, `client_secret`, `X-Amz-Signature`. */
const SECRET_KEY =
  /(?:password|passwd|passphrase|secret|token|apikey|accesskey|secretkey|privatekey|signingkey|credentials?|signature)$/;
/** Key names of an AWS secret access key, which is reported as an AWS key rather than a token. */
const AWS_SECRET_KEY = /(?:secretaccesskey|awssecretkey|awssecret)$/;
/** Key names whose value identifies something rather than granting access: `request_id`, `cursor`. */
const ID_KEY = /(?:id|ids|cursor|digest|hash|etag|checksum)$/;

// Values that stand in for a secret rather than being one: masks, template variables, nulls.
const STAND_IN =
  /^(?:[[({<$%#*•]|(.)\1*$|(?:null|nil|none|true|false|undefined|redacted|filtered|masked|hidden|sensitive|removed)$)/i;

/** A labelled secret: `password=…`, `"apiKey": "…"`, `X-Auth-Token: …`; the value only. */
function labelledSecrets(text: string): Claim[] {
  const claims: Claim[] = [];
  for (const match of text.matchAll(ASSIGNMENT)) {
    const { quote = '', quoted, bare } = match.groups!;
    const value = quoted ?? bare!;
    const kind = classifyLabelled(value, match.groups!);
    const start = match.index! + match[0].length + quote.length;
    if (kind) claims.push({ kind, start, end: start + value.length });
  }
  return claims;
}

function classifyLabelled(value: string, groups: Record<string, string | undefined>): SecretKind | undefined {
  const { key = '', keyQuote, sep, quoted } = groups;
  const name = normaliseKey(key);
  // A public key is public: .NET's `PublicKeyToken`, `public_key`.
  if (name.includes('public') || !(SECRET_KEY.test(name) || /(?:^|[_.-])pass$/i.test(key))) return undefined;
  if (STAND_IN.test(value)) return undefined;
  // `Token: expired.` in prose: an unquoted `key: value` needs a value that is not a plain word.
  if (sep === ':' && !keyQuote && quoted === undefined && /^[A-Z]?[a-z]+[.,!?]?$/.test(value))
    return undefined;
  return AWS_SECRET_KEY.test(name) && /^[A-Za-z0-9/+]{40}$/.test(value) ? 'aws-key' : 'token';
}

const KNOWN_TOKEN_PREFIXES = [
  'gh[pousr]_[A-Za-z0-9]{36}', // GitHub
  'github_pat_\\w{22,255}',
  'xox[abeoprs]-[A-Za-z0-9-]{10,255}', // Slack
  'xapp-[A-Za-z0-9-]{10,255}',
  '(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,255}', // Stripe
  'whsec_[A-Za-z0-9]{16,255}',
  'AIza[\\w-]{35}', // Google
  'sk-[\\w-]{20,255}', // OpenAI, Anthropic
  'npm_[A-Za-z0-9]{36}',
  'glpat-[\\w-]{20,255}', // GitLab
  'SG\\.[\\w-]{16,64}\\.[\\w-]{16,64}', // SendGrid
  'hf_[A-Za-z0-9]{30,255}', // Hugging Face
  'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}', // Shopify
  'dop_v1_[a-f0-9]{64}', // DigitalOcean
];
const KNOWN_TOKEN = new RegExp(`(?<![\\w-])(?:${KNOWN_TOKEN_PREFIXES.join('|')})(?![\\w-])`, 'g');

/** A credential in an HTTP authorisation header, `Bearer …` or `Basic …`: something longer than a word. */
const AUTH_SCHEME = /(?<=\b(?:Bearer|Basic)[ \t]+)[\w~+/.-]{12,4096}={0,2}/gi;

/** The password of `scheme://user:password@host`. */
const URL_PASSWORD = /(?<=(?<![\w+.-])[A-Za-z][\w+.-]{0,30}:\/\/[^\s:/@]{0,100}:)[^\s:/@]{1,200}(?=@)/g;

/** The secret part of a Slack incoming-webhook URL. */
const SLACK_WEBHOOK = /(?<=hooks\.slack\.com\/services\/T\w{1,20}\/B\w{1,20}\/)[A-Za-z0-9]{16,64}/g;

const hasLetterAndDigit = (value: string) => /\d/.test(value) && /[A-Za-z]/.test(value);

/** PEM blocks: a private key is a token, a certificate or public key is harmless. */
const PEM =
  /-----BEGIN (?<label>[A-Z0-9 ]{1,40})-----[A-Za-z0-9+/=\s]{1,20000}-----END [A-Z0-9 ]{1,40}-----/g;

/** Three base64url segments, the header a JSON object (`{"` is `eyJ` in base64). */
const JWT = /(?<![\w-])eyJ[\w-]{4,8192}\.[\w-]{4,8192}\.[\w-]{8,8192}/g;

/** Long-term (`AKIA`) and temporary (`ASIA`) access key ids. */
const AWS_ACCESS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;

/**
 * 13 to 19 digits, optionally in groups split by spaces or dashes. Runs are checked in code: a
 * plausible grouping, a network prefix and length, and the Luhn check digit.
 */
const CARD = /(?<![\w.,-])\d(?:[ -]?\d){12,18}(?!\w|[.,-]\d)/g;

const CARD_NETWORKS: [prefix: RegExp, lengths: number[]][] = [
  [/^4/, [16, 19]], // Visa (13-digit Visa cards are long gone; 13 digits are more likely epoch millis)
  [/^(?:5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720))/, [16]], // Mastercard
  [/^3[47]/, [15]], // American Express
  [/^(?:6011|64[4-9]|65)/, [16, 17, 18, 19]], // Discover
  [/^35(?:2[89]|[3-8])/, [16, 17, 18, 19]], // JCB
  [/^3(?:0[0-5]|[689])/, [14, 15, 16]], // Diners Club
  [/^62/, [16, 17, 18, 19]], // UnionPay
];

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? digit : digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return sum % 10 === 0;
}

function isCardNumber(value: string): boolean {
  const groups = value.split(/[ -]/).map((group) => group.length);
  const digits = value.replace(/\D/g, '');
  if (value.includes(' ') && value.includes('-')) return false;
  // Written as cards are printed (4-4-4-4, 4-6-5 …); an unbroken run longer than 16 digits is an id.
  const grouped =
    groups.length === 1
      ? digits.length <= 16
      : /^(?:4,4,4,[1-4](?:,[1-3])?|4,6,[45])$/.test(groups.join(','));
  return (
    grouped &&
    CARD_NETWORKS.some(([prefix, lengths]) => prefix.test(digits) && lengths.includes(digits.length)) &&
    passesLuhn(digits)
  );
}

/** An address, also URL-encoded (`%40`) in a query string. */
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{0,63}(?:@|%40)(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w-])/g;

/** `user@host` inside `scheme://user@host/` is a URL's user name, not an address. */
function isInUrlAuthority(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 200), start);
  const scheme = before.lastIndexOf('://');
  return scheme >= 0 && !/[\s/@]/.test(before.slice(scheme + 3));
}

/** Four dotted octets, not part of a longer dotted number nor followed by a version suffix (`-beta`). */
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d|[-+][A-Za-z])/g;

const isIpv4 = (value: string) => value.split('.').every((octet) => Number(octet) <= 255);

/**
 * An address that identifies a host: not unspecified (`0.x`), loopback (`127.x`) or a netmask or
 * broadcast (`255.x`), and not a version (`Version=13.0.0.0`, `Chrome/122.0.0.0`).
 */
const hostIpv4: Classify = (value, match, text) => {
  const before = text.slice(Math.max(0, match.index! - 24), match.index);
  if (/version[\s=:"']*$/i.test(before) || /(?<![A-Za-z])[A-Z][A-Za-z]*\/$/.test(before)) return undefined;
  return isIpv4(value) && !/^(?:0|127|255)\./.test(value) ? 'ip' : undefined;
};

/** A run of hex digits and colons, perhaps ending in an IPv4 address; `isIpv6` parses it. */
const IPV6 = /(?<![\w:.])[0-9A-Fa-f:]{2,39}(?:\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)/g;

function isIpv6(value: string): boolean {
  if (!value.includes('::') && value.split(':').length < 7) return false;
  const embedded = /\d{1,3}(?:\.\d{1,3}){3}$/.exec(value);
  if (embedded && !isIpv4(embedded[0])) return false;
  const halves = (embedded ? `${value.slice(0, embedded.index)}0:0` : value).split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  if (halves.length === 1) return groups.length === 8;
  // `::` also appears in code (`abc::def`, `items[1::2]`) and in `::1` and `::`, which identify no
  // host: a compressed address needs a digit and a group of three or more or an embedded IPv4 address.
  return (
    groups.length <= 7 && /\d/.test(value) && (embedded !== null || groups.some((group) => group.length >= 3))
  );
}

/** International numbers: `+44 20 7946 0958`, `+1 (415) 555-0132`, `+14155550132`. */
const INTERNATIONAL_PHONE = /(?<![\w+])\+[1-9][\d ().-]{6,24}\d(?!\d)/g;
const INTERNATIONAL_PHONE_SHAPE = /^\+\d{1,14}(?:[ .-]?\(\d{1,4}\)[ .-]?\d{1,14}|[ .-]\d{1,14})*$/;

/** North American numbers: `(415) 555-0132`, `415-555-0132`, `1-800-555-0199`. */
const NANP_PHONE = /(?<![\w+.(-])(?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[.-])\d{3}[.-]\d{4}(?![\w-]|\.\d)/g;

/** National numbers with a trunk 0: `020 7946 0958`, `07700 900123`, `01 23 45 67 89`. */
const TRUNK_PHONE = /(?<![\w+.-])0[1-9][\d -]{6,16}\d(?![\w-]|[.,]\d)/g;

function isPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  if (value.startsWith('+')) return digits >= 8 && digits <= 15 && INTERNATIONAL_PHONE_SHAPE.test(value);
  if (value.startsWith('0'))
    return (digits === 10 || digits === 11) && /^0\d{1,5}(?:( |-)\d{2,8})(?:\1\d{2,8}){0,3}$/.test(value);
  // Area code and exchange never start with 0 or 1; separators match unless the area code is bracketed.
  const [, area, first, exchange, second] =
    /^(?:1[ .-])?(\(?\d{3}\)?)( ?|[.-])(\d{3})([.-])\d{4}$/.exec(value) ?? [];
  return (
    area !== undefined &&
    /^\(?[2-9]/.test(area) &&
    /^[2-9]/.test(exchange!) &&
    (area.startsWith('(') || first === second)
  );
}

/** A run of base64 characters, with its padding. */
const RANDOM_RUN = /(?<![\w+/-])[\w+/-]{20,8192}(?:={1,2}(?![\w=]))?/g;

/** Runs of one kind of character: a capitalised or lower-case word, capitals, digits, symbols. */
const SEGMENT = /[A-Z]?[a-z]+|[A-Z]+|\d+|[^A-Za-z\d]+/g;

/** Shannon entropy of `value` in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / value.length) * Math.log2(count / value.length);
  return bits;
}

/**
 * Longest mean segment length of a random-looking string: measured over 5,000 strings each, random
 * base64 of 20 characters stays under 2.9 in 99% of cases and CamelCase identifiers stay above 3.1.
 */
const MAX_MEAN_SEGMENT = 3;
/** Least Shannon entropy, bits per character, for a random-looking string (99.9% of random 20-character base64 has more). */
const MIN_ENTROPY_BITS = 3.5;

/**
 * A string that looks machine-random: upper case, lower case and digits in short segments (random
 * base64 changes segment every 1.8 characters on average, identifiers like `HttpV2ClientFactory231`
 * every 4 to 6), with high entropy. Hex strings (digests, UUIDs, trace ids, git SHAs), paths and
 * random strings under a short lowercase prefix (typed ids such as Stripe's `req_2NfXr8Kq9ZtLmP4wQs7Y`;
 * keys with such prefixes are in `KNOWN_TOKEN_PREFIXES`) are identifiers unless labelled.
 */
function isRandomLooking(value: string): boolean {
  const run = value.replace(/=+$/, '');
  if (/^[\da-f-]+$/i.test(run) || /^[a-z]{2,8}[_-][A-Za-z0-9]+$/.test(run)) return false;
  if (run.split('/').some((part) => /^[_.-]?[a-z]{3,}$/.test(part))) return false;
  if (!/[A-Z]/.test(run) || !/[a-z]/.test(run) || !/\d/.test(run)) return false;
  const segments = run.match(SEGMENT)!.length;
  return run.length / segments < MAX_MEAN_SEGMENT && entropy(run) >= MIN_ENTROPY_BITS;
}

/** A random-looking value labelled as an identifier (`request_id=`, `cursor=`) is not a secret. */
function isLabelledIdentifier(text: string, start: number): boolean {
  const label = /(?<![\w.-])([\w.-]{1,80})["']?[ \t]*(?:=>|:=|=|:)[ \t]*["']?$/.exec(
    text.slice(Math.max(0, start - 100), start),
  );
  return label !== null && ID_KEY.test(normaliseKey(label[1]!));
}

/** All detectors, most specific first: an earlier claim wins over any later claim it overlaps. */
const DETECTORS: Detector[] = [
  byPattern(PLACEHOLDER, always(null)),
  byPattern(PEM, (_value, match) => (match.groups!.label!.includes('PRIVATE') ? 'token' : null)),
  byPattern(JWT, always('jwt')),
  byPattern(AWS_ACCESS_KEY_ID, always('aws-key')),
  byPattern(KNOWN_TOKEN, (value) => (hasLetterAndDigit(value) ? 'token' : undefined)),
  byPattern(AUTH_SCHEME, (value) => (hasLetterAndDigit(value) ? 'token' : undefined)),
  byPattern(URL_PASSWORD, always('token')),
  byPattern(SLACK_WEBHOOK, always('token')),
  labelledSecrets,
  byPattern(CARD, (value) => (isCardNumber(value) ? 'card' : undefined)),
  byPattern(EMAIL, (_value, match, text) => (isInUrlAuthority(text, match.index!) ? undefined : 'email')),
  byPattern(IPV6, (value) => (isIpv6(value) ? 'ip' : undefined)),
  byPattern(IPV4, hostIpv4),
  byPattern(INTERNATIONAL_PHONE, (value) => (isPhone(value) ? 'phone' : undefined)),
  byPattern(NANP_PHONE, (value) => (isPhone(value) ? 'phone' : undefined)),
  byPattern(TRUNK_PHONE, (value) => (isPhone(value) ? 'phone' : undefined)),
  byPattern(RANDOM_RUN, (value, match, text) =>
    isRandomLooking(value) && !isLabelledIdentifier(text, match.index!) ? 'token' : undefined,
  ),
];

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
