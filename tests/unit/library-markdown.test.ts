import { describe, expect, it } from 'vitest';
import {
  cardToMarkdown,
  libraryToMarkdown,
  parseLibraryMarkdown,
} from '../../server/content/library-markdown';
import { libraryCardSchema } from '../../server/contract/team';
import { sniffImageType } from '../../server/model/image-type';
import { actionsToCsv } from '../../server/use-cases/action-tracker';
import { makePng } from '../helpers/images';

const cards = [
  libraryCardSchema.parse({
    title: 'Checkout API 5xx at 02:10',
    summary: 'Customers cannot pay.\n\nThe alarm fired late.',
    tags: ['payments', 'api'],
    severity: 'critical',
    happenedOn: '2026-10-02',
    evidence: [
      { kind: 'alert', label: 'PagerDuty', body: '5xx > 5%' },
      { kind: 'log', label: 'Excerpt with fences', body: '```\nERROR boom\n```\n---\n# not a title' },
    ],
  }),
  libraryCardSchema.parse({ title: 'Made-up DNS outage', summary: '', evidence: [] }),
];

describe('library Markdown', () => {
  it('round-trips cards, fences and separators inside bodies included', () => {
    const parsed = parseLibraryMarkdown(libraryToMarkdown(cards)).map((c) => libraryCardSchema.parse(c));
    expect(parsed).toEqual(cards);
  });

  it('writes a card a person can read', () => {
    expect(cardToMarkdown(cards[1]!)).toBe('# Made-up DNS outage\n\n- Severity: medium\n- Made up\n');
  });

  it('names the line of a malformed file', () => {
    expect(() => parseLibraryMarkdown('hello\n# Card')).toThrow('line 1: a card must start with "# Title"');
    expect(() => parseLibraryMarkdown('# Card\n## Evidence\n### log: x\n````\nnever closed')).toThrow(
      'never closed',
    );
  });
});

describe('image type', () => {
  it('is decided by content, not by name', () => {
    expect(sniffImageType(makePng())).toBe('image/png');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('just text, named .png'))).toBeUndefined();
  });
});

describe('actions CSV', () => {
  it('quotes every cell and defuses spreadsheet formulas', () => {
    const csv = actionsToCsv([
      {
        id: 'a',
        text: '=HYPERLINK("evil") "quoted"',
        ownerName: null,
        dueDate: null,
        priority: 'high',
        votes: 2,
        status: 'open',
        workshopId: 'w',
        workshopTitle: 'Drill',
        scenarioTitle: null,
        createdAt: '2026-11-01T10:00:00.000Z',
      },
    ]);
    expect(csv.split('\r\n')[1]).toBe(
      `"'=HYPERLINK(""evil"") ""quoted""","","","open","high","2","","Drill","2026-11-01"`,
    );
  });
});
