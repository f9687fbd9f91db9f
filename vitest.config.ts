import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Kusto parser takes a second or two to load; CLI tests spawn node.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
