import { defineCommand, type OptionsOf } from '../../command.js';
import { text } from '../../flags.js';

/** `import all` (a member of the `import` group). */
export const importAllCommand = defineCommand({
  name: 'all',
  description: 'restore what `folio export all` wrote into the signed-in account (all or nothing)',
  args: [{ name: 'dir', description: 'the directory `folio export all --output DIR` wrote', complete: 'file' }],
  examples: ['folio import all backup/', 'folio import all backup/ --json  # the counts restored'],
  formats: ['table', 'json'],
  options: (z) => z.object({ dir: text(z) }),
  run: async (ctx, options): Promise<void> => (await import('./all.js')).runImportAll(ctx, options),
});
export type ImportAllOptions = OptionsOf<typeof importAllCommand>;
