import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Ink renders nothing under CI=true in a real terminal; component tests use ink-testing-library,
    // which is unaffected, and the pseudo-terminal tests unset CI for the child themselves.
    reporters: ['default'],
  },
});
