import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS build (its "main"; the package has no "exports"), and so do the
  // libraries that build and run the schema; vite would pick the ES build ("module") for our own
  // files, a second graphql whose functions refuse the first's schema. Resolve it as Node does.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // @roamhq/wrtc keeps native threads alive; forks let vitest end each file's process.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: media tests are heavy, run files one at a time.
    fileParallelism: false,
  },
});
