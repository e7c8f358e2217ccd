import { COVARIANCES, OBJECTIVES } from '../../../analytics/optimize/choices.js';
import { defineCommand, type OptionsOf, type Zod } from '../../command.js';
import { calendarDate, choice, portfolioArg } from '../../flags.js';

/** The windows of daily closes optimize accepts (shorter ones have too few days for a covariance). */
export const OPTIMIZE_PERIODS = ['1m', '3m', 'ytd', '1y', '3y', '5y', 'max'] as const;

/** A fraction as 0.12 or 12%. */
const fraction = (z: Zod) =>
  z
    .string()
    .trim()
    .regex(/^[-+]?(\d+\.?\d*|\.\d+)%?$/, 'expected a fraction such as 0.12, or a percentage such as 12%')
    .transform((text) => (text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text)));
const weight = (z: Zod) => fraction(z).refine((w) => w >= 0 && w <= 1, 'expected a weight from 0 to 1 (or 0% to 100%)');

const options = (z: Zod) =>
  z.object({
    portfolio: z.string(),
    symbols: z.string().optional(),
    period: choice(z, OPTIMIZE_PERIODS).optional(),
    from: calendarDate(z).optional(),
    to: calendarDate(z).optional(),
    objective: choice(z, OBJECTIVES).default('min-volatility'),
    target: fraction(z).refine((t) => Math.abs(t) <= 100, 'expected a yearly fraction such as 0.12').optional(),
    minWeight: weight(z).optional(),
    maxWeight: weight(z).optional(),
    riskFree: fraction(z).refine((r) => r >= -1 && r <= 1, 'expected a yearly rate from -1 to 1, e.g. 0.03').optional(),
    cov: choice(z, COVARIANCES).default('sample'),
    frontier: z.boolean().optional(),
    points: z
      .string()
      .regex(/^\d+$/, 'expected a whole number of points such as 20')
      .transform(Number)
      .refine((n) => n >= 2 && n <= 500, 'must be from 2 to 500')
      .optional(),
    trades: z.boolean().optional(),
  });

export const optimizeCommand = defineCommand({
  name: 'optimize',
  description: 'portfolio optimisation: min volatility, max Sharpe, target return or volatility, risk parity, HRP; the efficient frontier',
  args: [portfolioArg],
  flags: [
    { flags: '--symbols <symbols>', description: "the universe, comma-separated, e.g. AAPL,MSFT,BND (default: the portfolio's current holdings)" },
    { flags: '--period <period>', description: 'the window of daily closes, ending on --to (default: 3y)', choices: OPTIMIZE_PERIODS },
    { flags: '--from <date>', description: 'first day of the window (YYYY-MM-DD), instead of --period' },
    { flags: '--to <date>', description: 'last day of the window and the day of the current holdings (YYYY-MM-DD; default: today)' },
    { flags: '--objective <objective>', description: 'what to optimise', choices: OBJECTIVES, default: 'min-volatility' },
    { flags: '--target <x>', description: 'the yearly return (target-return) or volatility (target-volatility), a fraction such as 0.12 or 12%' },
    { flags: '--min-weight <w>', description: 'lowest weight of each symbol (default: 0)' },
    { flags: '--max-weight <w>', description: 'highest weight of each symbol (default: 1)' },
    { flags: '--risk-free <r>', description: 'yearly risk-free rate for the Sharpe ratio (default: your analytics.riskFreeRate setting)' },
    { flags: '--cov <estimator>', description: 'covariance estimate', choices: COVARIANCES, default: 'sample' },
    { flags: '--frontier', description: 'also trace the efficient frontier: a chart and a table' },
    { flags: '--points <n>', description: 'points of the frontier (default: 20)' },
    { flags: '--trades', description: 'also list the whole-share trades that move the current holdings to the weights' },
  ],
  examples: [
    'folio optimize Retirement --objective max-sharpe --period 3y',
    'folio optimize Retirement --symbols VTI,BND,GLD --objective target-return --target 8% --trades',
    'folio optimize Retirement --frontier --points 30 --json',
  ],
  help:
    "Inputs: daily closes on the days every symbol has one, in the portfolio currency at each day's FX rate. Expected returns are " +
    'the compounded mean (∏(1 + r))^(252/n) − 1; covariance the sample covariance × 252 or Ledoit-Wolf shrinkage. ' +
    "Long-only weights adding up to 1 (PyPortfolioOpt's definitions; see the README). Weights are fractions in JSON/CSV.",
  options,
  run: async (ctx, options): Promise<void> => (await import('./optimize.js')).runOptimize(ctx, options),
});
export type OptimizeOptions = OptionsOf<typeof optimizeCommand>;
