import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client';

/**
 * Vitest global setup: one PGlite data folder, initialised and migrated, that every test server's
 * fresh folder starts as a copy of (tests/helpers/server-process.ts). A fresh PGlite folder costs
 * about 5 s of initdb and migrations; a copy opens in about 0.4 s, and the suites start many servers.
 */
export default async function setup(): Promise<() => void> {
  const template = mkdtempSync(path.join(tmpdir(), 'firedrill-template-'));
  const database = await openDatabase({ dataDir: template });
  await database.close();
  process.env.FIREDRILL_PGLITE_TEMPLATE = template;
  return () => rmSync(template, { recursive: true, force: true });
}
