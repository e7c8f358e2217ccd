/**
 * Performance vocabulary. Money is exact (decimal strings at the boundary); returns and risk
 * figures are plain fractions (floats), `null` where a figure is undefined, never NaN or Infinity.
 */

/**
 * What the returns are measured on (DESIGN: Analytics definitions):
 * - `holdings`: value = open positions. Money in: buys (cost, fee included) and fee and tax
 *   transactions of a symbol. Money out: sells (proceeds, fee deducted), dividends (after any fee
 *   and tax withheld) and interest of a symbol. Deposits, withdrawals and cash interest, fees or
 *   taxes stay outside.
 * - `account`: value = positions + cash. Money in: deposits; out: withdrawals (their full amounts;
 *   any fee on them is a loss inside the account). Everything else happens inside.
 */
export const SCOPES = ['holdings', 'account'] as const;
export type Scope = (typeof SCOPES)[number];

export const PERIODS = ['1d', '1w', 'wtd', 'mtd', '1m', '3m', 'qtd', 'ytd', '1y', '3y', '5y', 'max'] as const;
export type PeriodName = (typeof PERIODS)[number];

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

/** A split-adjusted trade price: what a holding is worth on days before its first close. */
export interface TradePrice {
  price: string;
  currency: string;
}
