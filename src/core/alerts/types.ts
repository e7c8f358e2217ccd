/** Alerts: a condition on a symbol or a portfolio that notifies its owner once per crossing. */
export const ALERT_TYPES = ['price-above', 'price-below', 'move', 'portfolio-change', 'drift'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Alerts on a symbol; the others watch a portfolio. */
export const SYMBOL_ALERTS: readonly AlertType[] = ['price-above', 'price-below', 'move'];

/** What the threshold means, for help and messages. */
export const THRESHOLD_UNITS: Record<AlertType, string> = {
  'price-above': 'a price in the quote currency',
  'price-below': 'a price in the quote currency',
  move: 'percent (daily move beyond ±X%)',
  'portfolio-change': 'percent (value change beyond ±X% since the last update)',
  drift: 'percentage points (largest drift from a target)',
};

export const DEFAULT_SEVERITY: Record<AlertType, Severity> = {
  'price-above': 'warning',
  'price-below': 'warning',
  move: 'warning',
  'portfolio-change': 'warning',
  drift: 'info',
};

/** armed: the next crossing fires · fired: it fired and waits for the condition to clear. */
export type AlertState = 'armed' | 'fired';

export interface Alert {
  id: string;
  userId: string;
  type: AlertType;
  symbol: string | null;
  portfolioId: string | null;
  /** Decimal string: a price, or percent / percentage points. */
  threshold: string;
  severity: Severity;
  paused: boolean;
  state: AlertState;
  /** How many times it fired: the next notification's dedupe key is built from it. */
  fireCount: number;
  /** portfolio-change: the portfolio value at the last update (decimal string). */
  baseline: string | null;
  /** The last value seen, for `alerts list`. */
  lastValue: string | null;
  lastFiredAt: string | null;
  lastCheckedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the market says about an alert's subject on a day, fetched through the ports before evaluation. */
export type Observation =
  | { kind: 'price'; symbol: string; date: string; close: string; currency: string }
  | { kind: 'move'; symbol: string; date: string; close: string; previousDate: string; previousClose: string; currency: string }
  | { kind: 'portfolio'; portfolio: string; date: string; value: string; currency: string }
  /** drift: the largest absolute drift (a fraction: 0.05 = 5 pp) and where it is. */
  | { kind: 'drift'; portfolio: string; date: string; key: string; drift: number; weight: number; target: number };

export const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

export const severityAtLeast = (severity: Severity, minimum: Severity) => severityRank(severity) >= severityRank(minimum);

export const isSeverity = (value: string): value is Severity => (SEVERITIES as readonly string[]).includes(value);
export const isAlertType = (value: string): value is AlertType => (ALERT_TYPES as readonly string[]).includes(value);
