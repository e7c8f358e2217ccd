import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { text } from '../../flags.js';

const importMapInit = defineCommand({
  name: 'init',
  description: 'inspect a CSV file, ask what cannot be guessed, preview the rows, and write a mapping',
  args: [{ name: 'file', description: 'a sample of the CSV to map', complete: 'file' }],
  flags: [
    { flags: '-o, --output <file>', description: 'where to write the mapping (.json or .yaml; default: stdout)', complete: 'file' },
    { flags: '--force', description: 'replace the --output file if it exists' },
  ],
  examples: ['folio import-map init broker.csv --output broker.yaml', 'folio import-map init broker.csv > broker.json  # the guesses, without questions'],
  // the mapping itself is the output, as JSON or YAML
  formats: ['table'],
  options: (z) => z.object({ file: text(z), output: z.string().min(1).optional(), force: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./init.js')).runImportMapInit(ctx, options),
});
export type ImportMapInitOptions = OptionsOf<typeof importMapInit>;

const importMapList = defineCommand({
  name: 'list',
  description: 'the built-in presets (for `tx import --preset NAME`)',
  examples: ['folio import-map list', 'folio import-map list --json'],
  run: async (ctx): Promise<void> => (await import('./list.js')).runImportMapList(ctx),
});

export const importMapGroup = defineGroup({
  name: 'import-map',
  description: "mappings that read a broker's or spreadsheet's CSV as transactions",
  commands: [importMapInit, importMapList],
});
