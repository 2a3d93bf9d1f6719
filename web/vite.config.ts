import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a .br and a .gz beside every built script, style sheet, page and icon that compression makes
 * smaller, at the strongest settings (paid once here, never per request): the server sends them to
 * browsers that accept them (@fastify/static's preCompressed), so a phone fetches about a third of the bytes.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'tonerloop-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    writeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(js|css|html|svg)$/.test(entry.name)) continue;
        const path = join(entry.parentPath, entry.name);
        const original = readFileSync(path);
        const brotli = brotliCompressSync(original, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: original.length } });
        const gzip = gzipSync(original, { level: constants.Z_BEST_COMPRESSION });
        if (brotli.length < original.length) writeFileSync(`${path}.br`, brotli);
        if (gzip.length < original.length) writeFileSync(`${path}.gz`, gzip);
      }
    },
  };
}

// The portal is built into dist/web, which `tonerloop serve` serves at /. In development, `vite`
// proxies the API to a running server on port 8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: {
    outDir: '../dist/web', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800,
    // The libraries change far less often than the portal: their own chunk stays cached across releases.
    rollupOptions: { output: { manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined) } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
