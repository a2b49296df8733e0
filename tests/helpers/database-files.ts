import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pageinspect } from '@electric-sql/pglite/contrib/pageinspect';
import { pg_walinspect } from '@electric-sql/pglite/contrib/pg_walinspect';
import postgres from 'postgres';

/** Where a stopped server kept its data: a PGlite folder, or a PostgreSQL database. */
export type DataSource = { dataDir: string; url?: undefined } | { url: string; dataDir?: undefined };

/** One stored version of a row, live or dead, as the heap page holds it. */
export interface RowVersion {
  xmin: string;
  xmax: string;
  /** The tuple's raw bytes (every column). */
  data: Buffer;
}

/** One WAL record that touched a table. */
export interface WalRecord {
  xid: string;
  type: string;
}

/**
 * What an operator with the database files sees, below SQL's live rows: every row version on every
 * heap page (pageinspect) and the write-ahead log (pg_walinspect). PGlite is read from a copy of the
 * folder, so the server's own folder is never changed; PostgreSQL needs a superuser.
 */
export interface OperatorView {
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  rowVersions(table: string): Promise<RowVersion[]>;
  /** WAL records since `fromLsn` whose block references name the table's file in this database. */
  walRecords(table: string, fromLsn: string): Promise<WalRecord[]>;
  close(): Promise<void>;
}

/** Opens the data with pageinspect and pg_walinspect. */
export async function openOperatorView(source: DataSource): Promise<OperatorView> {
  let query: OperatorView['query'];
  let close: () => Promise<void>;
  if (source.dataDir === undefined) {
    const sql = postgres(source.url, { max: 1, onnotice: () => {} });
    query = async (text, params = []) => [...(await sql.unsafe(text, params as never[]))];
    close = () => sql.end();
  } else {
    const copy = mkdtempSync(path.join(tmpdir(), 'firedrill-operator-'));
    cpSync(path.join(source.dataDir, 'pglite'), copy, { recursive: true });
    const pg = new PGlite(copy, { extensions: { pageinspect, pg_walinspect } });
    query = async (text, params) => (await pg.query<Record<string, unknown>>(text, params)).rows;
    close = async () => {
      await pg.close();
      rmSync(copy, { recursive: true, force: true });
    };
  }
  await query('create extension if not exists pageinspect');
  await query('create extension if not exists pg_walinspect');
  const [where] = await query(
    `select (select oid from pg_database where datname = current_database())::text as db,
       current_setting('block_size')::int as block`,
  );
  return {
    query,
    close,
    rowVersions: async (table) => {
      const rows = await query(
        `select t_xmin::text as xmin, t_xmax::text as xmax, t_data
           from generate_series(0, pg_relation_size($1::text::regclass) / $2::int - 1) as blk,
                lateral heap_page_items(get_raw_page($1::text, blk)) where t_data is not null`,
        [table, where!.block],
      );
      return rows.map((r) => ({
        xmin: String(r.xmin),
        xmax: String(r.xmax),
        data: Buffer.from(r.t_data as Uint8Array),
      }));
    },
    walRecords: async (table, fromLsn) => {
      const [file] = await query('select pg_relation_filenode($1::regclass)::text as node', [table]);
      const rows = await query(
        `select xid::text as xid, record_type, block_ref
           from pg_get_wal_records_info($1::pg_lsn, pg_current_wal_lsn()) where block_ref is not null`,
        [fromLsn],
      );
      const names = new RegExp(`rel \\d+/${where!.db}/${file!.node} `);
      return rows
        .filter((r) => names.test(String(r.block_ref)))
        .map((r) => ({ xid: String(r.xid), type: String(r.record_type) }));
    },
  };
}

/** The current end of the WAL of a PGlite folder (opened and closed again) or of a PostgreSQL server. */
export async function walEnd(source: DataSource): Promise<string> {
  if (source.dataDir === undefined) {
    const sql = postgres(source.url, { max: 1, onnotice: () => {} });
    const [row] = await sql`select pg_current_wal_lsn()::text as lsn`;
    await sql.end();
    return String(row!.lsn);
  }
  const pg = new PGlite(path.join(source.dataDir, 'pglite'));
  const lsn = (await pg.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn;
  await pg.close();
  return lsn;
}
