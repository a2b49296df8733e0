/**
 * The one server-per-driver fixture: a fresh database of `driver` and a Firedrill server on it in
 * `beforeAll`, the server stopped and the database dropped in `afterAll`.
 *
 *   describe.each(drivers)('team API on %s', (driver) => {
 *     const served = useServer({ driver });
 *     it('…', async () => { await fetch(`${served.url}/readyz`); });
 *   });
 */
import { afterAll, beforeAll } from 'vitest';
import { databaseFor, type TestDatabase } from './databases';
import { type ServerOptions, type ServerProcess, startServer } from './server-process';

/** What `useServer` started; each getter throws until `beforeAll` has started it. */
export interface ServerFixture {
  server: ServerProcess;
  /** The server's own database (on PGlite: nothing to drop, the server has a temporary folder). */
  database: TestDatabase;
  /** The server's base URL, e.g. http://127.0.0.1:41234. */
  url: string;
}

/** Options of `useServer`. */
export interface UseServerOptions {
  /** Which storage the server runs on; default PGlite (PostgreSQL needs TEST_DATABASE_URL). */
  driver?: 'pglite' | 'postgres';
  /** Extra environment of the server (LOG_LEVEL stays debug unless given). */
  env?: ServerOptions['env'];
}

/**
 * Registers the `beforeAll` and `afterAll` of the current describe block or file that give it one
 * server on a database of its own. Hooks registered after it run after the server is up and (vitest
 * runs after-hooks as a stack) before it stops.
 */
export function useServer(options: UseServerOptions = {}): ServerFixture {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useServer: the ${what} is not started (did beforeAll fail?)`);
    return value;
  };
  beforeAll(async () => {
    database = await databaseFor(options.driver ?? 'pglite');
    server = await startServer({ databaseUrl: database.url, env: options.env });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });
  return {
    get server() {
      return started(server, 'server');
    },
    get database() {
      return started(database, 'database');
    },
    get url() {
      return started(server, 'server').url;
    },
  };
}
