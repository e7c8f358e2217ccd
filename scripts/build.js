// Bundles the CLI with esbuild: one small entry chunk (commander and the command registry) and
// lazily loaded chunks per command, so `folio --version` never pays for kysely, zod or pg.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Native or optional modules stay in node_modules.
  external: ['better-sqlite3', 'pg', 'pg-cursor', 'pg-native'],
  banner: { js: "import { createRequire as __folioCreateRequire } from 'node:module'; const require = __folioCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
