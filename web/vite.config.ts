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

/** The pages a phone opens directly (a link, a bookmark, the login form any path shows when logged out). */
const LANDING_PAGES = ['pages/login.tsx', 'pages/dashboard.tsx', 'pages/device.tsx'];

/**
 * Lists the landing pages' chunks (and the chunks they import) as modulepreload links in index.html.
 * Each page is its own chunk, but the app can only ask for it once the libraries have arrived and run:
 * on a slow phone network one round trip later than the rest (about 0.6 s, measured by `tonerloop bench
 * portal`). Preloaded, they travel with the libraries and only the page shown is run. The other pages
 * (requests, customers, settings, administration, ordering) are fetched when first opened.
 */
function preloadLandingPages(): Plugin {
  return {
    name: 'tonerloop-preload-landing-pages',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return [];
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const files = new Set<string>();
        const add = (file: string) => {
          if (files.has(file) || file === entry.fileName || entry.imports.includes(file)) return;
          files.add(file);
          for (const imported of chunks.find((c) => c.fileName === file)?.imports ?? []) add(imported);
        };
        for (const page of LANDING_PAGES) {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(`/src/${page}`));
          if (!chunk) throw new Error(`preloadLandingPages: no chunk for ${page}`);
          add(chunk.fileName);
        }
        return [...files].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

// The portal is built into dist/web, which `tonerloop serve` serves at /. In development, `vite`
// proxies the API to a running server on port 8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), preloadLandingPages(), precompress()],
  build: {
    outDir: '../dist/web', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800,
    // The libraries change far less often than the portal: their own chunk stays cached across releases.
    rollupOptions: { output: { manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined) } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
