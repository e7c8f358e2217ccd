import { defineCommand, type OptionsOf } from '../../command.js';
import { calendarDate } from '../../flags.js';

const MAX_PERIOD = 10_000;

export const indicatorsCommand = defineCommand({
  name: 'indicators',
  description: "technical indicators on a symbol's daily closes: SMA, EMA, RSI, MACD, Bollinger bands",
  args: [{ name: 'symbol', description: 'symbol, e.g. AAPL' }],
  flags: [
    { flags: '--sma <n>', description: 'simple moving average period (default: 20)' },
    { flags: '--ema <n>', description: 'exponential moving average period, seeded with the SMA (default: 20)' },
    { flags: '--rsi <n>', description: "Wilder's RSI period (default: 14)" },
    { flags: '--macd', description: 'show MACD (12, 26, 9) in the table' },
    { flags: '--bollinger', description: 'show Bollinger bands (20, 2) in the table' },
    { flags: '--from <date>', description: 'rows on or after this date (YYYY-MM-DD); indicators still use the closes before it' },
    { flags: '--to <date>', description: 'rows and closes on or before this date (YYYY-MM-DD; default: today)' },
  ],
  help:
    'JSON and CSV always carry every indicator (null until it has enough closes). The table shows the last 20 closes ' +
    'unless --from/--to is given, with SMA, EMA and RSI, or only the indicators named by flags.',
  examples: ['folio indicators AAPL', 'folio indicators AAPL --rsi 9 --macd --from 2024-06-01', 'folio indicators VTI --csv > vti.csv'],
  options: (z) => {
    const period = z
      .string()
      .trim()
      .regex(/^\d+$/, 'expected a whole number of closes such as 20')
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_PERIOD, `must be from 1 to ${MAX_PERIOD}`)
      .optional();
    return z.object({
      symbol: z.string(),
      sma: period,
      ema: period,
      rsi: period,
      macd: z.boolean().optional(),
      bollinger: z.boolean().optional(),
      from: calendarDate(z).optional(),
      to: calendarDate(z).optional(),
    });
  },
  run: async (ctx, options): Promise<void> => (await import('./indicators.js')).runIndicators(ctx, options),
});
export type IndicatorsOptions = OptionsOf<typeof indicatorsCommand>;
