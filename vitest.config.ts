import { defineConfig } from 'vitest/config';

export default defineConfig({
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
