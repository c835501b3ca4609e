import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['{lib,server,components,scripts}/**/*.test.ts'],
    environment: 'node',
    // PGlite takes ~2 s and ~0.5 GB to start: a few files at once is what two cores afford.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
