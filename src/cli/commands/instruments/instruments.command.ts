import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';

const instrumentsList = defineCommand({
  name: 'list',
  description: 'list instruments',
  examples: ['folio instruments list', 'folio instruments list --csv > instruments.csv'],
  run: async (ctx): Promise<void> => (await import('./list.js')).runInstrumentsList(ctx),
});

const instrumentsShow = defineCommand({
  name: 'show',
  description: 'show an instrument with its latest close',
  args: [{ name: 'symbol', description: 'symbol, e.g. AAPL' }],
  examples: ['folio instruments show AAPL', 'folio instruments show VTI --json'],
  options: (z) => z.object({ symbol: z.string() }),
  run: async (ctx, options): Promise<void> => (await import('./show.js')).runInstrumentsShow(ctx, options),
});
export type InstrumentsShowOptions = OptionsOf<typeof instrumentsShow>;

export const instrumentsGroup = defineGroup({ name: 'instruments', description: 'the instruments market data knows', commands: [instrumentsList, instrumentsShow] });
