import { Option, type Command } from 'commander';

export const OPTIMIZE_HELP = 'portfolio optimisation: min volatility, max Sharpe, target return or volatility, risk parity, HRP; the efficient frontier';

/** `folio optimize`'s flags and help (only commander here: loaded at start-up with the command tree). */
export function optimizeFlags(command: Command): Command {
  return command
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--symbols <symbols>', "the universe, comma-separated, e.g. AAPL,MSFT,BND (default: the portfolio's current holdings)")
    .addOption(new Option('--period <period>', 'the window of daily closes, ending on --to (default: 3y)').choices(['1m', '3m', 'ytd', '1y', '3y', '5y', 'max']))
    .option('--from <date>', 'first day of the window (YYYY-MM-DD), instead of --period')
    .option('--to <date>', 'last day of the window and the day of the current holdings (YYYY-MM-DD; default: today)')
    .addOption(
      new Option('--objective <objective>', 'what to optimise')
        .choices(['min-volatility', 'max-sharpe', 'target-return', 'target-volatility', 'risk-parity', 'hrp'])
        .default('min-volatility'),
    )
    .option('--target <x>', 'the yearly return (target-return) or volatility (target-volatility), a fraction such as 0.12 or 12%')
    .option('--min-weight <w>', 'lowest weight of each symbol (default: 0)')
    .option('--max-weight <w>', 'highest weight of each symbol (default: 1)')
    .option('--risk-free <r>', 'yearly risk-free rate for the Sharpe ratio (default: your analytics.riskFreeRate setting)')
    .addOption(new Option('--cov <estimator>', 'covariance estimate').choices(['sample', 'ledoit-wolf']).default('sample'))
    .option('--frontier', 'also trace the efficient frontier: a chart and a table')
    .option('--points <n>', 'points of the frontier (default: 20)')
    .option('--trades', 'also list the whole-share trades that move the current holdings to the weights')
    .addHelpText(
      'after',
      '\nInputs: daily closes on the days every symbol has one, in the portfolio currency at each day\'s FX rate. Expected returns are ' +
        'the compounded mean (∏(1 + r))^(252/n) − 1; covariance the sample covariance × 252 or Ledoit-Wolf shrinkage. ' +
        'Long-only weights adding up to 1 (PyPortfolioOpt\'s definitions; see the README). Weights are fractions in JSON/CSV.',
    );
}
