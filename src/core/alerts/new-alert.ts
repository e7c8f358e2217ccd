import { dec, decString, isDecimalString, ZERO } from '../decimal.js';
import { notFoundError, usageError } from '../errors.js';
import { newId } from '../ids.js';
import type { MarketData } from '../ports.js';
import type { Portfolio } from '../portfolios/types.js';
import { DEFAULT_SEVERITY, SYMBOL_ALERTS, type Alert, type AlertType, type Severity } from './types.js';

/** Whether an alert of this type watches a symbol (the others watch a portfolio). */
export const watchesSymbol = (type: AlertType) => SYMBOL_ALERTS.includes(type);

/** Refuses a target flag that does not fit the type: a symbol alert takes --symbol, a portfolio alert --portfolio. */
export function checkAlertTarget(type: AlertType, given: { symbol?: string | undefined; portfolio?: string | undefined }): void {
  if (watchesSymbol(type) && given.portfolio) throw usageError(`A ${type} alert watches a symbol: use --symbol, not --portfolio.`, 'bad_flag');
  if (!watchesSymbol(type) && given.symbol) throw usageError(`A ${type} alert watches a portfolio: use --portfolio, not --symbol.`, 'bad_flag');
}

/** The symbol an alert watches, upper-cased; it must have prices (or be a known instrument). */
export async function watchableSymbol(market: MarketData, raw: string): Promise<string> {
  const symbol = raw.trim().toUpperCase();
  if (!(await market.instrument(symbol)) && (await market.firstDate(symbol)) === null) {
    throw notFoundError(`No prices for ${symbol}: import its closes with \`folio prices import FILE\`.`, 'no_prices');
  }
  return symbol;
}

/** A drift alert needs targets to drift from. */
export function checkWatchablePortfolio(type: AlertType, portfolio: Portfolio): void {
  if (type === 'drift' && Object.keys(portfolio.targets).length === 0) {
    throw usageError(`${portfolio.name} has no targets to drift from: set them with \`folio portfolio set-targets\`.`, 'no_targets');
  }
}

/** A positive decimal threshold, as typed at a prompt or given as a flag. */
export const isThreshold = (text: string) => isDecimalString(text.trim()) && dec(text.trim()).gt(ZERO);

export interface AlertRequest {
  userId: string;
  type: AlertType;
  symbol: string | null;
  portfolioId: string | null;
  threshold: string;
  severity?: Severity | undefined;
}

/** A new alert, armed, with the type's default severity unless one is given; the threshold in canonical form. */
export function newAlert(request: AlertRequest, now: Date): Alert {
  if (!isThreshold(request.threshold)) throw usageError('--threshold: expected a positive decimal number such as 5 or 187.5', 'bad_flag');
  const at = now.toISOString();
  return {
    id: newId(),
    userId: request.userId,
    type: request.type,
    symbol: request.symbol,
    portfolioId: request.portfolioId,
    threshold: decString(dec(request.threshold.trim())),
    severity: request.severity ?? DEFAULT_SEVERITY[request.type],
    paused: false,
    state: 'armed',
    fireCount: 0,
    baseline: null,
    lastValue: null,
    lastFiredAt: null,
    lastCheckedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}
