import { defineConfig } from 'drizzle-kit';

/** drizzle-kit generates SQL migrations from db/schema.ts into db/migrations/ (applied at start-up). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
