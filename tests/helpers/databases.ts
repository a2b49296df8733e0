import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** A database a test can use and throw away. */
export interface TestDatabase {
  /** For the server: DATABASE_URL, or undefined for PGlite. */
  url?: string;
  drop(): Promise<void>;
}

/** The drivers every contract suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const drivers: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/** A fresh database of its own on the PostgreSQL server of TEST_DATABASE_URL, so runs never collide. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `firedrill_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const sql = postgres(base, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists ${name} with (force)`);
      await sql.end();
    },
  };
}

/** A database for `driver`: a new PostgreSQL database, or nothing (the server uses a temp PGlite folder). */
export async function databaseFor(driver: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (driver === 'postgres') return createPostgresDatabase();
  return { url: undefined, drop: async () => {} };
}
