import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Clock formatting uses the browser's local zone; pin it so assertions are deterministic.
process.env.TZ = 'UTC';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    env: { TZ: 'UTC' },
    setupFiles: ['test/setup.ts'],
    // The codegen drift test loads the whole codegen toolchain on first use.
    testTimeout: 30_000,
  },
});
