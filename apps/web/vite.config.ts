import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API listens here in development; in production it serves this bundle on the same origin. */
const API_TARGET = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The wall runs evergreen Chromium; no legacy transpilation needed.
    target: 'es2022',
  },
  server: {
    proxy: {
      // HTTP POST queries and graphql-ws subscriptions share the path.
      '/graphql': { target: API_TARGET, ws: true, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: API_TARGET, ws: true, changeOrigin: true },
    },
  },
});
