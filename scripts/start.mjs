// `npm start`: build when needed, then run the production server (server/index.ts) in this process's place.
import { spawn } from 'node:child_process';
import { buildIfStale } from './build-if-stale.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
buildIfStale();
const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
