import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireDirectoryLock } from './directory-lock';
import * as schema from './schema';

/** The query layer both drivers share: every repository is written against this type. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Rows of a raw SQL statement (the last one, when a text holds several). */
export interface SqlResult {
  rows: Record<string, unknown>[];
}

/** An open database with its driver name, for /healthz and logs. */
export interface Database {
  db: Db;
  driver: 'postgres' | 'pglite';
  /**
   * Raw SQL on the same connection (pool) as `db`, for a library that brings its own SQL (pg-boss):
   * with `values`, one statement with $1… parameters; without, any number of statements (a
   * `BEGIN; …; COMMIT;` block runs on one connection).
   */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  close(): Promise<void>;
}

/** Parameters as both drivers take them: objects as JSON text, undefined as null. */
const sqlValues = (values: unknown[]) =>
  values.map((value) =>
    value === undefined
      ? null
      : value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
        ? JSON.stringify(value)
        : value,
  );

/** Where to connect: a PostgreSQL URL, or else an embedded PGlite folder. */
export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data folder (created if missing). Default ./data. */
  dataDir?: string;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens the database and applies pending migrations before returning. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    // Reconnect quickly once the database is back (postgres.js backs off up to 20 s by default, which
    // holds every queued write that long), and give up on a connection attempt after 5 s.
    const client = postgres(options.url, {
      max: 10,
      onnotice: () => {},
      connect_timeout: 5,
      backoff: (attempt: number) => Math.min(0.1 * 2 ** attempt, 2),
    });
    const db = drizzlePostgres({ client, schema });
    try {
      // Several processes may start at once: one migrates while the others wait on this lock.
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(hashtext('firedrill-migrations'))`;
        await migratePostgres(db, { migrationsFolder });
      } finally {
        await lock`select pg_advisory_unlock(hashtext('firedrill-migrations'))`.catch(() => {});
        lock.release();
      }
    } catch (error) {
      await client.end({ timeout: 1 });
      throw error;
    }
    const executeSql = async (text: string, values?: unknown[]): Promise<SqlResult> => {
      if (values?.length) return { rows: [...(await client.unsafe(text, sqlValues(values) as never[]))] };
      // Several statements go by the simple protocol on one reserved connection (postgres.js refuses
      // BEGIN/COMMIT on its pool, where they could land on different connections).
      const reserved = await client.reserve();
      try {
        const result = (await reserved.unsafe(text).simple()) as unknown as unknown[];
        const last = Array.isArray(result[0]) ? result[result.length - 1] : result;
        return { rows: [...(last as Record<string, unknown>[])] };
      } catch (error) {
        // A failed statement inside the text's BEGIN leaves the transaction open and aborted on
        // this connection: end it before the pool hands the connection to anyone else.
        await reserved.unsafe('rollback').catch(() => {});
        throw error;
      } finally {
        reserved.release();
      }
    };
    return {
      db: db as unknown as Db,
      driver: 'postgres',
      executeSql,
      close: () => client.end({ timeout: 5 }),
    };
  }

  const dataDir = path.resolve(options.dataDir ?? './data');
  // PGlite neither creates parent folders nor locks its folder: a second process would corrupt it.
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDirectoryLock(dataDir);
  const client = new PGlite(path.join(dataDir, 'pglite'));
  const db = drizzlePglite({ client, schema });
  try {
    await migratePglite(db, { migrationsFolder });
  } catch (error) {
    await client.close();
    lock.release();
    throw error;
  }
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    executeSql: async (text, values) => {
      if (values?.length) return client.query<Record<string, unknown>>(text, sqlValues(values));
      try {
        const results = await client.exec(text);
        return { rows: (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[] };
      } catch (error) {
        // PGlite has one connection for everything: an aborted transaction left open would fail
        // every query after it.
        await client.exec('rollback').catch(() => {});
        throw error;
      }
    },
    close: async () => {
      await client.close();
      lock.release();
    },
  };
}

/** One round trip to the database; resolves with its latency in milliseconds. */
export async function pingDatabase(db: Db): Promise<number> {
  const started = performance.now();
  await db.execute(sql`select 1`);
  return Math.round((performance.now() - started) * 10) / 10;
}
