// Fails when db/schema.ts has changes that no committed migration in db/migrations/ covers.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';

// drizzle-kit only takes an output folder relative to the project.
const scratch = 'node_modules/.cache/firedrill-migration-check';
rmSync(scratch, { recursive: true, force: true });
cpSync('db/migrations', scratch, { recursive: true });
const before = readdirSync(scratch).length;
const result = spawnSync(
  process.execPath,
  [
    'node_modules/drizzle-kit/bin.cjs',
    'generate',
    '--dialect',
    'postgresql',
    '--schema',
    './db/schema.ts',
    '--out',
    scratch,
  ],
  { encoding: 'utf8' },
);
const after = readdirSync(scratch).length;
rmSync(scratch, { recursive: true, force: true });
if (result.status !== 0 || /error/i.test(result.stderr)) {
  console.error(result.stdout, result.stderr);
  process.exit(1);
}
if (after !== before) {
  console.error(
    'db/schema.ts differs from the committed migrations: run `npm run db:generate` and commit the result.',
  );
  process.exit(1);
}
console.log('Migrations match the schema.');
