/** Detectors of personal data in evidence: payment card numbers, e-mail addresses, IP addresses, phone numbers. */
import { byPattern, type Classify, type Detector } from './secret-kinds';

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

/** In the order they claim (an earlier claim wins over a later one it overlaps). */
export const PERSONAL_DATA_DETECTORS: Detector[] = [
  byPattern(CARD, (value) => (isCardNumber(value) ? 'card' : undefined)),
  byPattern(EMAIL, (_value, match, text) => (isInUrlAuthority(text, match.index!) ? undefined : 'email')),
  byPattern(IPV6, (value) => (isIpv6(value) ? 'ip' : undefined)),
  byPattern(IPV4, hostIpv4),
  byPattern(INTERNATIONAL_PHONE, (value) => (isPhone(value) ? 'phone' : undefined)),
  byPattern(NANP_PHONE, (value) => (isPhone(value) ? 'phone' : undefined)),
  byPattern(TRUNK_PHONE, (value) => (isPhone(value) ? 'phone' : undefined)),
];
