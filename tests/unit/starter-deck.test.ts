import { describe, expect, it } from 'vitest';
import { libraryToMarkdown, parseLibraryMarkdown } from '../../server/content/library-markdown';
import { STARTER_DECK } from '../../server/content/starter-deck';
import { libraryCardSchema } from '../../server/contract/team';

/**
 * Conservative look-alikes of what the secret scanner refuses. Placeholders (`<ip-1>`) are how redacted
 * evidence looks and pass; anything else resembling an address, a key or a number to hide fails.
 */
const suspicious: { what: string; find: (text: string) => string[] }[] = [
  { what: 'e-mail address', find: (t) => t.match(/\S+@\S+/g) ?? [] },
  { what: 'IPv4 address', find: (t) => t.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? [] },
  {
    what: 'IPv6 address',
    find: (t) => (t.match(/(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}/gi) ?? []).filter((m) => /::|[a-f]/i.test(m)),
  },
  { what: 'JWT', find: (t) => t.match(/eyJ[\w-]+\.[\w-]+/g) ?? [] },
  { what: 'bearer token', find: (t) => t.match(/bearer\s+(?!<)\S+/gi) ?? [] },
  {
    what: 'key with a well-known prefix',
    find: (t) =>
      t.match(
        /\b(?:sk|pk|rk)_(?:live|test)_\w+|\b(?:AKIA|ASIA)[A-Z0-9]{12,}|\bgh[pousr]_\w+|\bxox[abprs]-\S+|\bAIza\S+/g,
      ) ?? [],
  },
  {
    what: 'long random-looking string',
    find: (t) => (t.match(/[A-Za-z0-9+/=_]{20,}/g) ?? []).filter((m) => /\d/.test(m) && /[A-Za-z]/.test(m)),
  },
  { what: 'long digit run (card or phone number)', find: (t) => t.match(/\d(?:[ ()-]?\d){7,}/g) ?? [] },
  { what: 'phone number', find: (t) => t.match(/\+\d[\d ()-]{6,}/g) ?? [] },
];

describe('the starter deck', () => {
  it('holds at least 12 valid cards with distinct titles, 2 to 4 evidence items each, all made up', () => {
    expect(STARTER_DECK.length).toBeGreaterThanOrEqual(12);
    expect(new Set(STARTER_DECK.map((card) => card.title)).size).toBe(STARTER_DECK.length);
    for (const card of STARTER_DECK) {
      expect(libraryCardSchema.parse(card), card.title).toEqual(card);
      expect(card.evidence.length, card.title).toBeGreaterThanOrEqual(2);
      expect(card.evidence.length, card.title).toBeLessThanOrEqual(4);
      expect(card.happenedOn, card.title).toBeNull();
      expect(card.summary.length, card.title).toBeGreaterThan(80);
      expect(card.tags.length, card.title).toBeGreaterThan(0);
      expect(card.evidence.every((item) => item.kind !== 'image' && item.body.trim().length > 0)).toBe(true);
    }
  });

  it('uses every text kind of evidence and more than one severity', () => {
    const kinds = new Set(STARTER_DECK.flatMap((card) => card.evidence.map((item) => item.kind)));
    expect([...kinds].sort()).toEqual(['alert', 'chat', 'dashboard', 'log', 'text']);
    expect(new Set(STARTER_DECK.map((card) => card.severity)).size).toBeGreaterThan(1);
  });

  it('holds nothing a secret scanner would refuse', () => {
    const findings = STARTER_DECK.flatMap((card) =>
      [card.title, card.summary, ...card.evidence.flatMap((item) => [item.label, item.body])].flatMap(
        (text) =>
          suspicious.flatMap(({ what, find }) =>
            find(text).map((match) => `${card.title}: ${what} "${match}"`),
          ),
      ),
    );
    expect(findings).toEqual([]);
  });

  it('its look-alike check catches each kind of secret and passes placeholders', () => {
    const samples = [
      'mail <email-1> or ops@example.com',
      'from 10.20.30.40',
      'peer fe80::1ff:fe23:4567:890a',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      'Authorization: Bearer abc.def',
      'key AKIAABCDEFGHIJKLMNOP',
      'secret q8Zr3LmX0pVt7YwK2nBd',
      'card 4111 1111 1111 1111',
      'call +44 20 7946 0958',
    ];
    const caught = samples.filter((text) => suspicious.some(({ find }) => find(text).length > 0));
    expect(caught).toEqual(samples);
    expect(suspicious.some(({ find }) => find('mail <email-1>, host <ip-1> at 14:18:41').length > 0)).toBe(
      false,
    );
  });

  it('survives the library Markdown export and import unchanged', () => {
    const back = parseLibraryMarkdown(libraryToMarkdown(STARTER_DECK)).map((card) =>
      libraryCardSchema.parse(card),
    );
    expect(back).toEqual(STARTER_DECK);
  });
});
