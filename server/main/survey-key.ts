import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEAL_KEY_BYTES } from '../domain/survey-seal';

/** Where the survey seal key comes from (README: SURVEY_SEAL_KEY, SURVEY_SEAL_KEY_FILE). */
export interface SurveyKeySource {
  /** SURVEY_SEAL_KEY: 32 bytes as base64 or 64 hex digits. Wins over the file. */
  key?: string;
  /** SURVEY_SEAL_KEY_FILE: read, or created with mode 0600 on first start. Default ./survey-seal.key. */
  keyFile: string;
  /** The PGlite data folder: the key file must not be inside it (a copy of the folder would hold both). */
  dataDir?: string;
}

/**
 * The key that seals survey ballots, kept out of the database so a copy of the database files, the
 * WAL or a dump cannot open them. Throws (and the server refuses to start) when it cannot be read.
 */
export function loadSurveyKey(source: SurveyKeySource): Uint8Array {
  if (source.key) return decodeKey(source.key, 'SURVEY_SEAL_KEY');
  const file = path.resolve(source.keyFile);
  if (source.dataDir && !path.relative(path.resolve(source.dataDir), file).startsWith('..'))
    throw new Error(`SURVEY_SEAL_KEY_FILE (${file}) must be outside the data folder (${source.dataDir})`);
  try {
    return decodeKey(readFileSync(file, 'utf8').trim(), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // First start: write a fresh key beside, then link it into place, so two processes starting at
  // once agree on one key (the loser of the link reads the winner's).
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${randomBytes(SEAL_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return decodeKey(readFileSync(file, 'utf8').trim(), file);
}

function decodeKey(text: string, where: string): Uint8Array {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== SEAL_KEY_BYTES)
    throw new Error(`${where}: the survey seal key must be ${SEAL_KEY_BYTES} bytes (base64 or hex)`);
  return key;
}
