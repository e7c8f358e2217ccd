import { dec, decString, isDecimalString, sum, ZERO, type Decimal } from '../decimal.js';
import { usageError } from '../errors.js';

/** Tickers such as AAPL, BRK.B, BTC-USD, ^GSPC, 7203.T, LSE:VOD. */
const SYMBOL_PATTERN = /^[A-Z0-9^][A-Z0-9.\-^:]{0,19}$/;
const HUNDRED = dec('100');

const bad = (message: string) => usageError(message, 'bad_targets');

/**
 * Parses `AAPL=40,VTI=60` (spaces and a trailing `%` allowed) into a target allocation:
 * symbols upper-cased, weights exact decimals greater than zero that add up to exactly 100.
 * The result keeps the order given, with canonical weights (`40.0` → `40`).
 */
export function parseTargets(text: string): Record<string, string> {
  if (text.trim() === '') throw bad('No targets given: use SYMBOL=PERCENT pairs such as AAPL=40,VTI=60 (or --clear).');
  const pairs = text.split(',').map((part) => part.trim());
  const entries: Array<[string, string]> = [];
  for (const pair of pairs) {
    if (pair === '') throw bad(`Empty target in "${text}": use SYMBOL=PERCENT pairs separated by commas.`);
    const match = /^([^=\s]+)\s*=\s*(\S+?)\s*%?$/.exec(pair);
    if (!match) throw bad(`"${pair}" is not a target: use SYMBOL=PERCENT, e.g. AAPL=40.`);
    entries.push([match[1]!, match[2]!]);
  }
  return validateTargets(entries);
}

/** Checks symbol/weight pairs (from the command line or storage) and returns them as a target allocation. */
export function validateTargets(entries: Array<[string, string]>): Record<string, string> {
  const targets: Record<string, string> = {};
  const weights: Decimal[] = [];
  for (const [rawSymbol, rawWeight] of entries) {
    const symbol = rawSymbol.trim().toUpperCase();
    if (!SYMBOL_PATTERN.test(symbol)) throw bad(`"${rawSymbol}" is not a symbol (letters, digits, ".", "-", "^", ":"; up to 20).`);
    if (Object.hasOwn(targets, symbol)) throw bad(`${symbol} appears twice in the targets.`);
    const text = rawWeight.trim();
    if (!isDecimalString(text)) throw bad(`${symbol}: "${rawWeight}" is not a percentage such as 40 or 12.5.`);
    const weight = dec(text);
    if (weight.lte(ZERO)) throw bad(`${symbol}: a target weight must be greater than zero (got ${text}).`);
    targets[symbol] = decString(weight);
    weights.push(weight);
  }
  if (weights.length === 0) throw bad('No targets given.');
  const total = sum(weights);
  if (!total.eq(HUNDRED)) throw bad(`Target weights must add up to exactly 100; these add up to ${decString(total)}.`);
  return targets;
}

/** `AAPL=40,VTI=60`, the form `--target` takes. */
export function formatTargets(targets: Record<string, string>): string {
  return Object.entries(targets)
    .map(([symbol, weight]) => `${symbol}=${weight}`)
    .join(',');
}
