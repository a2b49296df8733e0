import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** A held lock on a data folder; release() is idempotent. */
export interface DirectoryLock {
  release(): void;
}

/** Thrown when another live process holds the data folder. */
export class DirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another Firedrill process (pid ${pid}). ` +
        'Stop that process, or set DATA_DIR to another folder (or DATABASE_URL to use PostgreSQL).',
    );
    this.name = 'DirectoryLockedError';
  }
}

/** Lock files this process holds, so a second open inside one process is refused too. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the folder.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive pid lock on `dataDir`. A lock left by a process that is gone (kill -9, crash) is
 * taken over at once, so a restart after a crash never waits; a lock held by a live process refuses.
 * A pid file is used rather than a lock library with mtime heartbeats because those leave a stale lock
 * for seconds after kill -9.
 */
export function acquireDirectoryLock(dataDir: string): DirectoryLock {
  const lockPath = path.join(dataDir, 'firedrill.lock');
  if (heldHere.has(lockPath)) throw new DirectoryLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        heldHere.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
      heldHere.add(lockPath);
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      // Our own pid in a lock we do not hold is a leftover from an earlier run (pids repeat in containers).
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DirectoryLockedError(dataDir, holder);
      }
      // Stale (its process is gone) or unreadable: remove and retry the exclusive create.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}
