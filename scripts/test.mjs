// `npm test`: make sure Chromium, HAProxy, redis-server and a current production build exist, then
// run every test suite (unit, integration, end-to-end). Extra arguments go to vitest
// (e.g. `npm test -- tests/unit`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildIfStale } from './build-if-stale.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';

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
const result = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
