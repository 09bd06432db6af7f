import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web UI: built by `npm start` (src/main/web-build.ts) and served by the API server at `/`.
// `npm run dev:web` serves it with hot reload and proxies /api to a server on :3000.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web/dev',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    chunkSizeWarningLimit: 1000,
  },
  // Only the server's paths: /api/client.ts and friends are the web app's own source files.
  server: { proxy: { '^/api/(v1|docs|openapi.json)': 'http://127.0.0.1:3000' } },
});
