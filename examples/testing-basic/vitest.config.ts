import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The memory check forces garbage collection.
    execArgv: ['--expose-gc'],
  },
});
