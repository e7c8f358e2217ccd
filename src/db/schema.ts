import type { Generated } from 'kysely';

/**
 * Table types. Timestamps are ISO-8601 UTC strings and calendar dates `YYYY-MM-DD` strings on both
 * dialects (lexical order is time order); money and quantities are decimal strings (NUMERIC on
 * Postgres, TEXT on SQLite: both drivers hand back strings); JSON documents are TEXT.
 */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  settings: string;
  created_at: string;
  updated_at: string;
  /** 1 for an operator (the first account of a database); see migrations/0004_notifications.ts. */
  is_admin: Generated<number>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  kind: 'session' | 'token';
  label: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  succeeded: number;
  attempted_at: string;
}

export interface PortfoliosTable {
  id: string;
  user_id: string;
  name: string;
  base_currency: string;
  description: string | null;
  assets: string;
  created_at: string;
  updated_at: string;
}

export interface PortfolioMembersTable {
  portfolio_id: string;
  user_id: string;
  role: 'viewer' | 'editor';
  created_at: string;
}

export interface TransactionsTable {
  id: string;
  portfolio_id: string;
  seq: number;
  date: string;
  type: string;
  symbol: string | null;
  quantity: string | null;
  price: string | null;
  amount: string | null;
  fee: string | null;
  /** Tax withheld (dividend, interest). */
  tax: string | null;
  currency: string;
  note: string | null;
  /** A split's ratio when it is not a finite decimal (`1:3`); quantity is then null. */
  ratio: string | null;
  import_id: string | null;
  created_at: string;
}

export interface ImportsTable {
  id: string;
  portfolio_id: string;
  fingerprint: string;
  source: string;
  row_count: number;
  created_at: string;
  /** The fingerprint when this import claims the file (no --allow-duplicates); unique per portfolio. */
  unique_fingerprint: string | null;
}

export interface InstrumentsTable {
  symbol: string;
  name: string;
  /** stock | etf | bond | commodity | crypto; null for a symbol known only from imported prices. */
  class: string | null;
  sector: string | null;
  currency: string;
  source: MarketSource;
  exchange?: string | null;
  type?: string | null;
}

/** 'fixture', 'import' (shared: admins only), or a provider: 'yahoo', 'tiingo', 'ecb'. */
export type MarketSource = import('../core/market/types.js').MarketDataSource;

export interface PricesTable {
  symbol: string;
  date: string;
  close: string;
  currency: string;
  source: MarketSource;
  /** When a provider's series was stored; null for fixture and imported rows. */
  fetched_at?: string | null;
}

/** 1 `base` = `rate` `quote` on `date`. */
export interface FxRatesTable {
  base: string;
  quote: string;
  date: string;
  rate: string;
  source: MarketSource;
}

export interface SplitsTable {
  symbol: string;
  date: string;
  ratio: string;
  source: MarketSource;
}

/** A split (value: the ratio, 4 = 4-for-1) or a dividend (value: the amount per share) a provider reported. */
export interface MarketEventsTable {
  symbol: string;
  date: string;
  kind: 'split' | 'dividend';
  value: string;
  currency: string | null;
  source: MarketSource;
  fetched_at: string;
}

/** Closes one account imported: they override the shared feed for that account only. */
export interface AccountPricesTable {
  user_id: string;
  symbol: string;
  date: string;
  close: string;
  currency: string;
  imported_at: string;
}

export interface AccountFxRatesTable {
  user_id: string;
  base: string;
  quote: string;
  date: string;
  rate: string;
  imported_at: string;
}

export interface MarketDataStateTable {
  key: string;
  value: string;
}

export interface AlertsTable {
  id: string;
  user_id: string;
  type: string;
  symbol: string | null;
  portfolio_id: string | null;
  threshold: string;
  severity: string;
  paused: number;
  state: 'armed' | 'fired';
  fire_count: number;
  /** portfolio-change: the value at the last update (decimal string). */
  baseline: string | null;
  last_value: string | null;
  last_fired_at: string | null;
  last_checked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  dedupe_key: string;
  kind: string;
  alert_id: string | null;
  severity: string;
  subject: string;
  body: string;
  /** JSON: [{ label, value }] — the key figures. */
  figures: string;
  /** 1 when shown in the inbox (the user's channels include it and it was not cleared). */
  inbox: number;
  read_at: string | null;
  created_at: string;
}

export interface DeliveriesTable {
  id: string;
  notification_id: string;
  channel: string;
  recipient: string;
  /** pending → sending (in flight, claimed) → sent; or back to pending after a refusal, failed after the last attempt, unconfirmed when no answer came. */
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unconfirmed';
  attempts: number;
  last_error: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface NotifyLocksTable {
  name: string;
  owner: string;
  acquired_at: string;
  expires_at: string;
}

/** A portfolio's count of ledger writes (see migrations/0008_ledger_checkpoints.ts). */
export interface LedgerVersionsTable {
  portfolio_id: string;
  version: number;
}

/** The ledger engine's state (JSON) after every transaction up to `date`; one per portfolio, method and year. */
export interface LedgerCheckpointsTable {
  portfolio_id: string;
  method: string;
  year: string;
  date: string;
  entries: number;
  state: string;
  created_at: string;
}

export interface Schema {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  portfolios: PortfoliosTable;
  portfolio_members: PortfolioMembersTable;
  transactions: TransactionsTable;
  imports: ImportsTable;
  instruments: InstrumentsTable;
  prices: PricesTable;
  fx_rates: FxRatesTable;
  splits: SplitsTable;
  market_data_state: MarketDataStateTable;
  alerts: AlertsTable;
  notifications: NotificationsTable;
  deliveries: DeliveriesTable;
  notify_locks: NotifyLocksTable;
  market_events: MarketEventsTable;
  account_prices: AccountPricesTable;
  account_fx_rates: AccountFxRatesTable;
  ledger_versions: LedgerVersionsTable;
  ledger_checkpoints: LedgerCheckpointsTable;
}
