import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));

/** The dashboard bundle, served by the API from dist/apps/dashboard; `vite` alone proxies /api to it. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      '@loadwatch/shared/contracts': `${workspace}libs/shared/contracts/src/index.ts`,
    },
  },
  build: {
    outDir: `${workspace}dist/apps/dashboard`,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: 4200,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
