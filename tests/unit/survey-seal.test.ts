import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBallot, sealScore } from '../../server/domain/survey-seal';
import { loadSurveyKey } from '../../server/main/survey-key';

describe('survey ballots', () => {
  const key = randomBytes(32);

  it('open to their score with the key, team and month they were sealed for, and never otherwise', () => {
    const sealed = sealScore(key, 'team-1', '2026-11', 4);
    expect(openBallot(key, 'team-1', '2026-11', sealed)).toBe(4);
    expect(() => openBallot(randomBytes(32), 'team-1', '2026-11', sealed)).toThrow();
    expect(() => openBallot(key, 'team-1', '2026-12', sealed)).toThrow();
    expect(() => openBallot(key, 'team-2', '2026-11', sealed)).toThrow();
    const tampered = Uint8Array.from(sealed);
    tampered[12]! ^= 1;
    expect(() => openBallot(key, 'team-1', '2026-11', tampered)).toThrow();
  });

  it('of equal scores have the same length and no bytes in common', () => {
    const a = Buffer.from(sealScore(key, 'team-1', '2026-11', 3));
    const b = Buffer.from(sealScore(key, 'team-1', '2026-11', 3));
    const c = Buffer.from(sealScore(key, 'team-1', '2026-11', 5));
    expect([a.length, b.length, c.length]).toEqual([29, 29, 29]);
    expect(a.equals(b)).toBe(false);
  });
});

describe('the survey seal key', () => {
  const folder = () => mkdtempSync(path.join(tmpdir(), 'firedrill-key-'));

  it('is created once with mode 0600 outside the data folder, then read back', () => {
    const dir = folder();
    const keyFile = path.join(dir, 'survey-seal.key');
    const first = loadSurveyKey({ keyFile, dataDir: path.join(dir, 'data') });
    expect(first).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(loadSurveyKey({ keyFile })).equals(Buffer.from(first))).toBe(true);
  });

  it('comes from SURVEY_SEAL_KEY as base64 or hex, which wins over the file', () => {
    const key = randomBytes(32);
    const keyFile = path.join(folder(), 'unused.key');
    expect(Buffer.from(loadSurveyKey({ key: key.toString('base64'), keyFile })).equals(key)).toBe(true);
    expect(Buffer.from(loadSurveyKey({ key: key.toString('hex'), keyFile })).equals(key)).toBe(true);
  });

  it('stops the start when it is inside the data folder, malformed or unreadable', () => {
    const dir = folder();
    expect(() =>
      loadSurveyKey({ keyFile: path.join(dir, 'data', 'k'), dataDir: path.join(dir, 'data') }),
    ).toThrow(/outside the data folder/);
    expect(() => loadSurveyKey({ key: 'c2hvcnQ=', keyFile: path.join(dir, 'k') })).toThrow(/32 bytes/);
    const short = path.join(dir, 'short.key');
    writeFileSync(short, 'c2hvcnQ=\n');
    expect(() => loadSurveyKey({ keyFile: short })).toThrow(/32 bytes/);
    expect(() => loadSurveyKey({ keyFile: dir })).toThrow();
  });
});
