import { describe, expect, it } from 'vitest';
import { jsonRefusal, MAX_JSON_DEPTH } from '../../server/http/json';

const nested = (depth: number, open = '[', close = ']') =>
  JSON.parse(open.repeat(depth) + close.repeat(depth));

describe('JSON refusals', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, () => {
    expect(jsonRefusal(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonRefusal(nested(MAX_JSON_DEPTH + 1))?.code).toBe('INVALID_JSON');
    expect(jsonRefusal(JSON.parse(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`))?.code).toBe('INVALID_JSON');
  });

  it('judges a million levels without overflowing the stack', () => {
    const deep = nested(1_000_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(jsonRefusal(deep)?.message).toBe('The JSON nests deeper than 32 levels.');
  });

  it('refuses a NUL character in a string or a key, at any place', () => {
    expect(jsonRefusal({ a: [{ b: 'x\u0000y' }] })?.code).toBe('BAD_REQUEST');
    expect(jsonRefusal({ 'k\u0000': 1 })?.code).toBe('BAD_REQUEST');
    expect(jsonRefusal('\u0000')?.code).toBe('BAD_REQUEST');
  });

  it('accepts ordinary values', () => {
    for (const value of [
      null,
      0,
      'text',
      true,
      [],
      {},
      { title: 'Drill', cards: [{ evidence: [{ kind: 'alert' }] }] },
    ])
      expect(jsonRefusal(value)).toBeUndefined();
  });
});
