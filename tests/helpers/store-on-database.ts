import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { type Database, openDatabase } from '../../db/client';
import { DocumentStore } from '../../server/persistence/document-store';
import { databaseFor } from './databases';
import { tempDataDir } from './server-process';

/** A silent logger for in-process tests. */
export const silent = pino({ level: 'silent' });

/** What an in-process persistence test works with; fields are fresh for every test. */
export interface StoreOnDatabase {
  database: Database;
  store: DocumentStore;
  /** The PostgreSQL URL of the test's database (undefined on PGlite). */
  url?: string;
}

/**
 * Registers hooks giving every test a fresh database of `driver` (its own PostgreSQL database, or a
 * temporary PGlite folder) and a document store on it with short batch and retry delays.
 */
export function useStoreOnDatabase(driver: 'pglite' | 'postgres'): StoreOnDatabase {
  const context = {} as StoreOnDatabase;
  let drop = async () => {};
  let dataDir = '';
  beforeEach(async () => {
    const testDb = await databaseFor(driver);
    drop = testDb.drop;
    context.url = testDb.url;
    dataDir = tempDataDir();
    context.database = await openDatabase({ url: testDb.url, dataDir });
    context.store = new DocumentStore(context.database.db, silent, { batchDelayMs: 5, maxRetryDelayMs: 50 });
  });
  afterEach(async () => {
    await context.store.close(1_000);
    await context.database.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return context;
}
