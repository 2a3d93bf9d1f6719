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

/**
 * Writes page-chunks.json: for each page under src/pages, the chunks its page needs beyond the entry and the
 * libraries (its own and those it imports). Each page is its own chunk, but the app can only ask for it once
 * the libraries have arrived and run: on a slow phone network one round trip later than the rest (about 0.6 s,
 * measured by `tonerloop bench portal`). The server reads this file and, for the page a path opens, sends
 * `Link: rel=modulepreload` for exactly those chunks (src/http/portal.routes.ts), so they travel with the
 * libraries — and only them: preloading every landing page from index.html queued the device page's chunk
 * behind the login and fleet chunks on the browser's six connections.
 */
function pageChunks(): Plugin {
  return {
    name: 'tonerloop-page-chunks',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) throw new Error('pageChunks: the build has no entry chunk');
      const pages: Record<string, string[]> = {};
      for (const chunk of chunks) {
        const page = /\/src\/pages\/([a-z-]+)\.tsx$/.exec(chunk.facadeModuleId ?? '')?.[1];
        if (!page) continue;
        const files = new Set<string>();
        const add = (file: string) => {
          if (files.has(file) || file === entry.fileName || entry.imports.includes(file)) return;
          files.add(file);
          for (const imported of chunks.find((c) => c.fileName === file)?.imports ?? []) add(imported);
        };
        add(chunk.fileName);
        pages[page] = [...files].map((file) => `/${file}`);
      }
      for (const page of ['login', 'dashboard', 'device']) if (!pages[page]) throw new Error(`pageChunks: no chunk for pages/${page}.tsx`);
      this.emitFile({ type: 'asset', fileName: 'page-chunks.json', source: `${JSON.stringify(pages, null, 2)}\n` });
    },
  };
}

/**
 * Which chunk a module goes in. The libraries change far less often than the portal: their own chunk stays
 * cached across releases. Each page (src/pages) is its own chunk. Everything else — the app's frame,
 * tables, the chart, the API client, Vite's own helpers, and the printer-moves cards the fleet and
 * administration both show — goes with the entry: a chunk of its own is one more request a page waits
 * for, and on a phone network each costs a round trip.
 */
function chunkOf(id: string): string | undefined {
  if (id.includes('/node_modules/') || id.includes('commonjsHelpers')) return 'vendor';
  const page = /\/web\/src\/pages\/([a-z-]+)\.tsx$/.exec(id)?.[1];
  return page === undefined || page === 'moves' ? 'index' : undefined;
}

// The portal is built into dist/web, which `tonerloop serve` serves at /. In development, `vite`
// proxies the API to a running server on port 8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), pageChunks(), precompress()],
  build: {
    outDir: '../dist/web', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800,
    rollupOptions: { output: { manualChunks: chunkOf } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
