/**
 * A PostgreSQL cluster of the test's own, which it may stop and start to simulate an outage without
 * touching any shared server:
 *
 *   const pg = await startPrivatePostgres();   // initdb into a temp folder, pg_ctl start on a free port
 *   await pg.stop();                           // pg_ctl stop -m fast (or 'immediate': a crash)
 *   await pg.start();                          // same port, same data folder
 *   await pg.destroy();                        // stop if running, remove the folder
 *
 * Uses Debian's `postgresql` package (`/usr/lib/postgresql/<version>/bin`, or `PG_BIN_DIR`). PostgreSQL
 * refuses to run as root, so when the test runs as root every command runs as the `postgres` user
 * (`runuser -u postgres --`) and the temp folder is handed to that user. Authentication is `trust`,
 * listening on 127.0.0.1 only, with the Unix socket in the temp folder.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A private PostgreSQL cluster. */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** The temp folder (data folder, socket, server log). */
  dir: string;
  /** Whether the server is running (as far as this helper started and stopped it). */
  readonly running: boolean;
  /** pg_ctl stop: 'fast' (default: connections are told the server shuts down) or 'immediate' (a crash). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** pg_ctl start on the same port and data folder; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (immediate) if running and removes its folder. */
  destroy(): Promise<void>;
  /** The server's log so far, for failure messages. */
  log(): string;
}

/** Where initdb and pg_ctl are: PG_BIN_DIR, or the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) return existsSync(path.join(fromEnv, 'pg_ctl')) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter(
      (v) =>
        existsSync(path.join(root, v, 'bin', 'initdb')) && existsSync(path.join(root, v, 'bin', 'pg_ctl')),
    )
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** A TCP port nobody listens on right now (bound soon after; good enough on loopback). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command (as `postgres` when we are root) and resolves with its output, or rejects with it. */
function run(command: string, args: string[], cwd: string, asPostgres: boolean): Promise<string> {
  const file = asPostgres ? 'runuser' : command;
  const argv = asPostgres ? ['-u', 'postgres', '--', command, ...args] : args;
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, LANG: 'C' };
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code: number | null) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}:\n${output}`));
    });
  });
}

/** Starts a fresh cluster (initdb + pg_ctl start) in a temp folder on a free port. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error("PostgreSQL binaries not found: install Debian's postgresql package or set PG_BIN_DIR");
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'firedrill-pg-'));
  if (asPostgres) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const pgCtl = path.join(bin, 'pg_ctl');
  const port = await freePort();
  let running = false;

  await run(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions'],
    dir,
    asPostgres,
  ).catch(async (error: Error) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });

  // If the test process dies without destroy(), leave no postgres behind.
  const onExit = () => {
    if (!running) return;
    const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
    spawnSync(asPostgres ? 'runuser' : pgCtl, asPostgres ? ['-u', 'postgres', '--', pgCtl, ...args] : args, {
      cwd: dir,
      stdio: 'ignore',
    });
  };
  process.once('exit', onExit);

  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const start = async () => {
    if (running) throw new Error(`private PostgreSQL on port ${port} is already running`);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
    await run(
      pgCtl,
      ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '60', 'start'],
      dir,
      asPostgres,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${log().slice(-4000)}`);
    });
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    await run(pgCtl, ['-D', data, '-m', mode, '-w', '-t', '60', 'stop'], dir, asPostgres);
    running = false;
  };

  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', onExit);
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    get running() {
      return running;
    },
    start,
    stop,
    log,
    destroy: async () => {
      try {
        await stop('immediate');
      } finally {
        process.off('exit', onExit);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
