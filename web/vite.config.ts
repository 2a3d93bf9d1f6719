import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The portal is built into dist/web, which `tonerloop serve` serves at /. In development, `vite`
// proxies the API to a running server on port 8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
