import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests run the built demo as a child process, several at once.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
