import { describe, expect, it } from 'vitest';
import { buildDocName, parseDocName } from '../../server/contract/doc-names';
import { DOC_KINDS } from '../../server/contract/vocabulary';

describe('document names', () => {
  it('parses back every name it builds', () => {
    for (const kind of DOC_KINDS)
      expect(parseDocName(buildDocName('ws_A-1', kind))).toEqual({ workshopId: 'ws_A-1', kind });
  });

  it('keeps the walls under the bare workshop id, the others under a suffix', () => {
    expect(DOC_KINDS.map((kind) => buildDocName('w1', kind))).toEqual(['w1', 'w1/log', 'w1/state']);
  });

  it('refuses a name no workshop has', () => {
    for (const name of ['', 'w1/', 'w1/walls', 'w1/notes', 'w1/log/x', '../w1', 'a b', 'x'.repeat(65)])
      expect(parseDocName(name), name).toBeUndefined();
  });
});
