// Bundles the CLI with esbuild: one small entry chunk (commander and the command registry) and
// lazily loaded chunks per command, so `folio --version` never pays for kysely, zod or pg.
// The bundle is built beside dist/ and swapped in at the end, so a failed build leaves the last one.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const staging = `${dist}.${process.pid}.tmp`;
const retired = `${dist}.${process.pid}.old`;

/**
 * zod's classic API re-exports all of its ~50 locales as `z.locales` (300 KB of a 585 KB chunk that
 * every command loads to check its flags); folio uses only the English messages zod sets by default,
 * so the bundle's `z.locales` holds `en` alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
    }));
  },
};

try {
  await build({
    // The second entry is the worker thread that reads a large `tx import` file (src/io/transaction-csv-threaded.ts).
    entryPoints: { main: 'src/cli/main.ts', 'import-worker': 'src/io/transaction-csv-worker.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    // Native or optional modules stay in node_modules.
    external: ['better-sqlite3', 'pg', 'pg-cursor', 'pg-copy-streams', 'pg-native'],
    banner: { js: "import { createRequire as __folioCreateRequire } from 'node:module'; const require = __folioCreateRequire(import.meta.url);" },
    // Whitespace and syntax only (names kept, so stack traces still read): less for V8 to scan at start-up.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [zodEnglishOnly],
    logLevel: 'error',
  });
} catch {
  rmSync(staging, { recursive: true, force: true });
  process.exit(1);
}
if (existsSync(dist)) renameSync(dist, retired);
renameSync(staging, dist);
rmSync(retired, { recursive: true, force: true });
