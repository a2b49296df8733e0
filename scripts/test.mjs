// `npm test`: make sure Chromium, HAProxy, redis-server and a current production build exist, then
// run every test suite (unit, integration, end-to-end). Extra arguments go to vitest
// (e.g. `npm test -- tests/unit`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildIfStale } from './build-if-stale.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
// The PostgreSQL, scale-out and fault suites need a PostgreSQL server (each test makes its own database
// there); the machine's own is the default, so nothing is silently skipped.
process.env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';

/** Debian packages the suites need: the file that proves each is installed, and what it is for. */
const needed = [
  {
    pkg: 'chromium',
    file: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    env: 'CHROMIUM_PATH',
    for: 'the end-to-end tests',
  },
  {
    pkg: 'haproxy',
    file: process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy',
    env: 'HAPROXY_PATH',
    for: 'the cluster tests (deploy/haproxy.cfg)',
  },
  {
    pkg: 'redis-server',
    file: process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server',
    env: 'REDIS_SERVER_PATH',
    for: 'the cluster tests (a private Redis)',
  },
];
const missing = needed.filter(({ file }) => !existsSync(file));
if (missing.length > 0) {
  const names = missing.map(({ pkg }) => pkg);
  if (process.getuid?.() === 0) {
    console.log(`${names.join(', ')} missing: installing from Debian packages…`);
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit' });
    if (install.status !== 0) process.exit(install.status ?? 1);
  } else {
    for (const { pkg, env, for: purpose } of missing)
      console.error(`${pkg} is needed for ${purpose}: install it (apt-get install ${pkg}) or set ${env}.`);
    process.exit(1);
  }
}
buildIfStale();
// The fault suites time durability against kill -9 and a database outage: they run after the rest, one
// file at a time, so two other suites competing for the same cores cannot stall the server they time.
const faultSuites = ['tests/integration/durability.test.ts', 'tests/integration/database-outage.test.ts'];
const vitest = (args) =>
  spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: 'inherit' })
    .status ?? 1;
const args = process.argv.slice(2);
const status =
  args.length > 0
    ? vitest(args)
    : vitest(faultSuites.flatMap((file) => ['--exclude', file])) ||
      vitest([...faultSuites, '--maxWorkers', '1']);
process.exit(status);
