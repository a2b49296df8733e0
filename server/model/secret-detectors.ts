/**
 * The detectors of likely secrets and personal data, most specific first. Every pattern bounds what
 * it repeats, and a pattern that repeats a character class starts only where a run of that class
 * starts, so a scan stays linear in the length of the text.
 */
import { PERSONAL_DATA_DETECTORS } from './personal-data-detectors';
import { always, byPattern, type Claim, type Detector, PLACEHOLDER, type SecretKind } from './secret-kinds';

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
export const DETECTORS: Detector[] = [
  byPattern(PLACEHOLDER, always(null)),
  byPattern(PEM, (_value, match) => (match.groups!.label!.includes('PRIVATE') ? 'token' : null)),
  byPattern(JWT, always('jwt')),
  byPattern(AWS_ACCESS_KEY_ID, always('aws-key')),
  byPattern(KNOWN_TOKEN, (value) => (hasLetterAndDigit(value) ? 'token' : undefined)),
  byPattern(AUTH_SCHEME, (value) => (hasLetterAndDigit(value) ? 'token' : undefined)),
  byPattern(URL_PASSWORD, always('token')),
  byPattern(SLACK_WEBHOOK, always('token')),
  labelledSecrets,
  ...PERSONAL_DATA_DETECTORS,
  byPattern(RANDOM_RUN, (value, match, text) =>
    isRandomLooking(value) && !isLabelledIdentifier(text, match.index!) ? 'token' : undefined,
  ),
];
