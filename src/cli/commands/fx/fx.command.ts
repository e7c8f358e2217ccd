import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { calendarDate, text } from '../../flags.js';

const fxShow = defineCommand({
  name: 'show',
  description: 'the rate of a currency pair on each day it changes (1 BASE in QUOTE)',
  args: [
    { name: 'base', description: 'currency, e.g. CHF' },
    { name: 'quote', description: 'currency, e.g. USD' },
  ],
  flags: [
    { flags: '--from <date>', description: 'from this date (YYYY-MM-DD; default: --to)' },
    { flags: '--to <date>', description: 'to this date (YYYY-MM-DD; default: today)' },
  ],
  examples: ['folio fx show CHF USD', 'folio fx show EUR USD --from 2024-01-01 --csv  # the `fx import` format'],
  options: (z) => z.object({ base: z.string(), quote: z.string(), from: calendarDate(z).optional(), to: calendarDate(z).optional() }),
  run: async (ctx, options): Promise<void> => (await import('./show.js')).runFxShow(ctx, options),
});
export type FxShowOptions = OptionsOf<typeof fxShow>;

const fxImport = defineCommand({
  name: 'import',
  description: 'import exchange rates from CSV for your account (all or nothing)',
  args: [{ name: 'file', description: 'CSV file with a header naming the columns date,base,quote,rate (any order; 1 base = rate quote); - for stdin', complete: 'file' }],
  flags: [{ flags: '--shared', description: 'write the shared market data every account falls back on (admins only)' }],
  examples: ['folio fx import rates.csv', 'folio fx show CHF USD --from 2024-01-01 --csv | folio fx import -'],
  formats: ['table', 'json'],
  options: (z) => z.object({ file: text(z), shared: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./import.js')).runFxImport(ctx, options),
});

export const fxGroup = defineGroup({ name: 'fx', description: 'exchange rates: show them, import your own', commands: [fxShow, fxImport] });
