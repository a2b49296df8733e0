import { describe, expect, it } from 'vitest';
import { evidenceSchema } from '../../server/contract/protocol';
import {
  describeFindings,
  keepValue,
  openFindings,
  redactEvidence,
  unkeepValue,
} from '../../server/model/evidence-redaction';

const EMAIL = 'sam.k@shop-example.com';
const OTHER = 'li.wei@shop-example.com';

const card: { kind: string; label: string; body: string; kept?: string[] }[] = [
  { kind: 'chat', label: `Message from ${EMAIL}`, body: `${EMAIL}: refunds fail` },
  { kind: 'image', label: 'Dashboard', body: 'img_abc' },
  { kind: 'log', label: 'Log', body: `user=${OTHER} then user=${EMAIL}` },
];

describe("a card's evidence redaction", () => {
  it('uses one placeholder per value across labels and bodies of the whole card, in order of appearance', () => {
    const { items, replaced } = redactEvidence(card);
    expect(replaced).toBe(2);
    expect(items.map((i) => [i.label, i.body])).toEqual([
      ['Message from <email-1>', '<email-1>: refunds fail'],
      ['Dashboard', 'img_abc'],
      ['Log', 'user=<email-2> then user=<email-1>'],
    ]);
    expect(items.flatMap(openFindings)).toEqual([]);
  });

  it('redacts one value on its own, and leaves kept values with their item', () => {
    const one = redactEvidence(card, OTHER).items;
    expect(one[2]?.body).toBe(`user=<email-1> then user=${EMAIL}`);
    const kept = keepValue(card, EMAIL);
    expect(kept.map((i) => i.kept)).toEqual([[EMAIL], undefined, [EMAIL]]);
    const after = redactEvidence(kept).items;
    expect(after[2]).toMatchObject({ body: `user=<email-1> then user=${EMAIL}`, kept: [EMAIL] });
    expect(unkeepValue(after, EMAIL).map((i) => i.kept)).toEqual([undefined, undefined, undefined]);
  });

  it('says what is left in words, and the schema refuses it until redacted or kept', () => {
    expect(describeFindings(openFindings(card[2]!))).toBe('2 e-mail addresses');
    expect(evidenceSchema.safeParse(card[0]).success).toBe(false);
    expect(evidenceSchema.safeParse(keepValue(card, EMAIL)[0]).success).toBe(true);
    expect(evidenceSchema.safeParse(redactEvidence(card).items[2]).success).toBe(true);
  });
});
