import type { Command } from 'commander';
import type { CliContext } from './context.js';
import type { CommandInput } from './options.js';

type Runner = (ctx: CliContext, input: CommandInput) => Promise<void>;

interface Parts {
  program: Command;
  tx: Command;
  exportCommand: Command;
  importCommand: Command;
  sub: (parent: Command, name: string, description: string) => Command;
  lazy: (load: () => Promise<Runner>) => (...params: unknown[]) => Promise<void>;
  exportFlags: (command: Command) => Command;
}

/**
 * Bringing history in and taking it out: `tx import` (native, mapped, presets), `import-map`,
 * `export journal`, `import all`. Declared here to keep program.ts short; same lazy loading.
 */
export function addImportExportCommands({ program, tx, exportCommand, importCommand, sub, lazy, exportFlags }: Parts): void {
  sub(tx, 'import', 'import transactions from CSV: folio\'s own, a broker\'s through a mapping or a preset (all or nothing)')
    .argument('<file>', "CSV file (folio's columns date,type,symbol,quantity,price,amount,fee,tax,currency,note, or any with --map/--preset); - for stdin")
    .option('--portfolio <portfolio>', 'portfolio to import into')
    .option('--map <file>', 'a JSON or YAML import mapping (see `folio import-map init`)')
    .option('--preset <name>', 'a built-in mapping: see `folio import-map list`')
    .option('--dry-run', 'show the rows as they would be stored, with their source lines, and the counts; write nothing')
    .option('--allow-duplicates', 'import rows (or a whole file) already in the portfolio')
    .addHelpText(
      'after',
      '\nRows already in the portfolio (same date, type, symbol, quantity, price, amount and fee) are skipped and reported with their lines.',
    )
    .action(lazy(async () => (await import('./commands/tx/import.js')).runTxImport));

  const importMap = sub(program, 'import-map', 'mappings that read a broker\'s or spreadsheet\'s CSV as transactions');
  sub(importMap, 'init', 'inspect a CSV file, ask what cannot be guessed, preview the rows, and write a mapping')
    .argument('<file>', 'a sample of the CSV to map')
    .option('-o, --output <file>', 'where to write the mapping (.json or .yaml; default: stdout)')
    .option('--force', 'replace the --output file if it exists')
    .action(lazy(async () => (await import('./commands/import-map/init.js')).runImportMapInit));
  sub(importMap, 'list', 'the built-in presets (for `tx import --preset NAME`)').action(
    lazy(async () => (await import('./commands/import-map/list.js')).runImportMapList),
  );

  exportFlags(sub(exportCommand, 'journal', 'a plain-text accounting journal for hledger, ledger or beancount (--format)'))
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--to <date>', 'price directives for the closes of this date (YYYY-MM-DD; default: today)')
    .action(lazy(async () => (await import('./commands/export/journal.js')).runExportJournal));

  sub(importCommand, 'all', 'restore what `folio export all` wrote into the signed-in account (all or nothing)')
    .argument('<dir>', 'the directory `folio export all --output DIR` wrote')
    .action(lazy(async () => (await import('./commands/import/all.js')).runImportAll));
}
