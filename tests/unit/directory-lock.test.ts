import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirectoryLock, DirectoryLockedError } from '../../db/directory-lock';
import { tempDataDir } from '../helpers/server-process';

describe('data folder lock', () => {
  it('refuses a second holder until the first releases', () => {
    const dir = tempDataDir();
    const lock = acquireDirectoryLock(dir);
    expect(() => acquireDirectoryLock(dir)).toThrow(DirectoryLockedError);
    lock.release();
    acquireDirectoryLock(dir).release();
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = tempDataDir();
    writeFileSync(path.join(dir, 'firedrill.lock'), '999999999');
    acquireDirectoryLock(dir).release();
  });
});
