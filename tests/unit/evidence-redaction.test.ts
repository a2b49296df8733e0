import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evidenceSchema } from '../../server/contract/http-workshop';
import {
  describeFindings,
  keepValue,
  openFindings,
  redactEvidence,
  refuseUnredacted,
  unkeepValue,
  unredactedEvidence,
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

  it('says what is left in words, and the checked schema refuses it until redacted or kept', () => {
    expect(describeFindings(openFindings(card[2]!))).toBe('2 e-mail addresses');
    const checked = refuseUnredacted(z.object({ evidence: z.array(evidenceSchema) }));
    expect(checked.safeParse({ evidence: [card[0]] }).success).toBe(false);
    expect(checked.safeParse({ evidence: [keepValue(card, EMAIL)[0]] }).success).toBe(true);
    expect(checked.safeParse({ evidence: redactEvidence(card).items }).success).toBe(true);
    // The wire contract alone checks the shape only.
    expect(evidenceSchema.safeParse(card[0]).success).toBe(true);
  });

  it('finds unredacted items at any depth and names where they are', () => {
    const issues = unredactedEvidence({ scenarios: [{ evidence: [] }, { evidence: card }] });
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'scenarios.1.evidence.0',
      'scenarios.1.evidence.2',
    ]);
    expect(issues[1]?.message).toBe('holds 2 e-mail addresses: redact or keep each one before saving');
  });
});
