import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': new URL('.', import.meta.url).pathname } },
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    // Most suites wait on servers, browsers and timers rather than compute: three files at a time keep
    // two cores busy (the fault suites, which time a server, run afterwards one at a time).
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
