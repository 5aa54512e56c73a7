import { defineConfig } from 'vitest/config';

/** One run over every project; each keeps its own vitest.config.ts. */
export default defineConfig({
  test: {
    projects: ['libs/*', 'apps/*', 'e2e', 'scripts'],
  },
});
