import type { Command } from 'commander';
import type { Runner } from '../../program.js';

type Lazy = (load: () => Promise<Runner>) => (...params: unknown[]) => Promise<void>;
type Sub = (parent: Command, name: string, description: string) => Command;

/** `folio fx show` and `fx import`, declared like the rest of program.ts (the code loads when one runs). */
export function addFxCommands(fx: Command, sub: Sub, lazy: Lazy): void {
  sub(fx, 'show', 'the rate of a currency pair on each day it changes (1 BASE in QUOTE)')
    .argument('<base>', 'currency, e.g. CHF')
    .argument('<quote>', 'currency, e.g. USD')
    .option('--from <date>', 'from this date (YYYY-MM-DD; default: --to)')
    .option('--to <date>', 'to this date (YYYY-MM-DD; default: today)')
    .action(lazy(async () => (await import('./show.js')).runFxShow));
  sub(fx, 'import', 'import exchange rates from CSV for your account (all or nothing)')
    .argument('<file>', 'CSV file with a header naming the columns date,base,quote,rate (any order; 1 base = rate quote); - for stdin')
    .option('--shared', 'write the shared market data every account falls back on (admins only)')
    .action(lazy(async () => (await import('./import.js')).runFxImport));
}
