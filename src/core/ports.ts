import type { Credential, RecordedLoginAttempt, User } from './accounts/types.js';
import type { MemberRole, Portfolio, PortfolioAccessGrant, PortfolioMember } from './portfolios/types.js';

/** Repository interfaces the domain needs; `db/repositories` implements them with Kysely. */
export interface UserRepository {
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  insert(user: User): Promise<void>;
  update(id: string, patch: Partial<Pick<User, 'email' | 'name' | 'passwordHash' | 'settings' | 'updatedAt'>>): Promise<void>;
  /** Makes the user an admin when theirs is the earliest account of the database (the first one registered). */
  markAdminIfFirst?(id: string): Promise<void>;
}

export interface CredentialRepository {
  insert(credential: Credential & { tokenHash: string }): Promise<void>;
  findByHash(tokenHash: string): Promise<Credential | undefined>;
  touch(id: string, at: string): Promise<void>;
  remove(id: string): Promise<void>;
  listForUser(userId: string, kind: Credential['kind']): Promise<Credential[]>;
  /** Removes a user's credential; false when the user has none with that id. */
  removeForUser(userId: string, id: string, kind: Credential['kind']): Promise<boolean>;
  removeSessionsExcept(userId: string, keepId: string | null): Promise<void>;
}

export interface LoginAttemptRepository {
  /** Records an attempt; ids grow in the order attempts are recorded, across processes. */
  record(email: string, succeeded: boolean, at: string): Promise<number>;
  markSucceeded(id: number): Promise<void>;
  /** Forgets an attempt: one that the lock refused must not make the lock longer. */
  remove(id: number): Promise<void>;
  /** Attempts for an email at or after `since`, newest first. */
  since(email: string, since: string): Promise<RecordedLoginAttempt[]>;
}

/** How a portfolio is looked up: by id, or by name under an owner (given by id or by email). */
export type PortfolioLookup = { id: string } | { ownerId: string; name: string } | { ownerEmail: string; name: string };

export interface PortfolioRepository {
  insert(portfolio: Portfolio): Promise<void>;
  /** The portfolio matching `lookup` if `userId` owns it or is a member, with that user's role and the owner's email. */
  findVisible(userId: string, lookup: PortfolioLookup): Promise<PortfolioAccessGrant | undefined>;
  /** Every portfolio `userId` owns (by name), then those shared with them (by owner email, then name). */
  listVisible(userId: string): Promise<PortfolioAccessGrant[]>;
  update(id: string, patch: Partial<Pick<Portfolio, 'name' | 'targets' | 'updatedAt'>>): Promise<void>;
  /** Deletes the portfolio; its transactions, imports and memberships go with it (ON DELETE CASCADE). */
  remove(id: string): Promise<void>;
  countTransactions(portfolioId: string): Promise<number>;
  findMemberRole(portfolioId: string, userId: string): Promise<MemberRole | undefined>;
  /** Members with their email and name, by email. */
  listMembers(portfolioId: string): Promise<PortfolioMember[]>;
  /** Adds a member, or changes the role of an existing one (keeping when they were added). */
  saveMember(member: { portfolioId: string; userId: string; role: MemberRole; createdAt: string }): Promise<void>;
  /** False when the user was not a member. */
  removeMember(portfolioId: string, userId: string): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}

/** A transaction row the holdings check replays, with its `seq` so a failure can be traced back. */
export type HoldingMove = import('./ledger/types.js').LedgerEntry & { seq: number };
/** A move's kind, symbol and date: all the split check reads. */
export type DatedMove = Pick<HoldingMove, 'date' | 'type' | 'symbol'>;

export interface TransactionQuery {
  from?: string;
  to?: string;
  symbol?: string;
  types?: import('./ledger/types.js').TransactionType[];
  newestFirst?: boolean;
  limit?: number;
}

export interface ImportRecord {
  id: string;
  portfolioId: string;
  fingerprint: string;
  source: string;
  rowCount: number;
  createdAt: string;
}

/** A column of `transactionText`: its value, or only its last characters (the short id of `tx list`). */
export type TextColumn = string | { column: string; last: number };

/** Storage of a portfolio's transactions. Writes through `atomically` are all-or-nothing. */
export interface LedgerStore {
  atomically<T>(work: (store: LedgerStore) => Promise<T>): Promise<T>;
  /**
   * `atomically`, holding the portfolio's write lock for the whole transaction: every write that
   * validates against the ledger goes through here, so two processes never check the same history
   * and both write. Waits for another writer up to the lock timeout, then fails with a conflict.
   */
  withPortfolioWriteLock<T>(portfolioId: string, work: (store: LedgerStore) => Promise<T>): Promise<T>;
  nextSeq(portfolioId: string): Promise<number>;
  /** The date of the portfolio's latest transaction, or null when it has none. */
  lastDate(portfolioId: string): Promise<string | null>;
  insert(transactions: import('./ledger/types.js').Transaction[], importId?: string | null): Promise<void>;
  update(id: string, fields: import('./ledger/types.js').TransactionFields): Promise<void>;
  remove(id: string): Promise<void>;
  /** Candidates for a full id, or for a short id (the last 8 or more characters of one), across every portfolio. */
  findById(idOrShortId: string): Promise<import('./ledger/types.js').Transaction[]>;
  /** Buys, sells, splits and transfers in (date, seq) order, optionally of some symbols only. */
  holdingMoves(portfolioId: string, symbols?: string[]): AsyncIterable<HoldingMove>;
  /**
   * What the split check needs of the ledger for a provider's splits, in date order: each split
   * symbol's first buy or transfer-in (whichever came first), and the split transactions recorded
   * on those symbols' split dates (one row per symbol and date).
   */
  firstBuysAndSplits(portfolioId: string, splits: ReadonlyArray<{ symbol: string; date: string }>): Promise<DatedMove[]>;
  /** Just the ledger fields, in (date, seq) order, after a date (exclusive), up to a date and optionally of one symbol: for replays. */
  ledgerEntries(portfolioId: string, filter?: { after?: string; to?: string; symbol?: string }): import('./ledger/entry-pages.js').LedgerEntries;
  /** Ledger checkpoints (see core/ledger/checkpoints.ts). */
  readonly checkpoints: CheckpointStore;
  /** Transactions in (date, seq) order. */
  transactions(portfolioId: string, query?: TransactionQuery): AsyncIterable<import('./ledger/types.js').Transaction>;
  /**
   * The same transactions as text records (no header) of the given columns, written by the database
   * itself (the fast path of `export transactions` and piped `tx list`); null when it has no such path.
   * CSV quotes a field with a comma, quote or line break; TSV turns tabs and line feeds into spaces.
   */
  transactionText(portfolioId: string, query: TransactionQuery, columns: readonly TextColumn[], format: 'csv' | 'tsv'): AsyncIterable<string> | null;
  findImport(portfolioId: string, fingerprint: string): Promise<ImportRecord | undefined>;
  /** Records an import before its rows (they reference it); completed once the file is read. */
  createImport(record: ImportRecord): Promise<void>;
  /** Forgets an import that brought no rows (inside a caller's larger transaction nothing else would). */
  discardImport(id: string): Promise<void>;
  /** Records what was read; `claim` makes the fingerprint this import's alone (a concurrent twin fails, exit 5). */
  completeImport(id: string, fingerprint: string, rowCount: number, claim?: boolean): Promise<void>;
}

/** A replay's state (the ledger engine's by default) after every transaction of a portfolio on or before `date`. */
export interface Checkpoint<S = import('./ledger/ledger-state.js').LedgerState> {
  date: string;
  /** Transactions replayed into it. */
  entries: number;
  state: S;
}

/**
 * Where checkpoints are kept. Every ledger write calls `invalidate` inside its transaction; a read
 * saves what it worked out with the `version` it read before reading any transaction, and the
 * save is dropped when a write came in between.
 */
export interface CheckpointStore {
  /** The count of ledger writes to the portfolio so far. */
  version(portfolioId: string): Promise<number>;
  /** The latest checkpoint of a kind (a cost basis method for the ledger engine's) on or before a date. */
  latest<S = import('./ledger/ledger-state.js').LedgerState>(portfolioId: string, kind: string, onOrBefore: string): Promise<Checkpoint<S> | undefined>;
  /** Every checkpoint of a kind on or before a date, oldest first (a performance replay's chain, see core/performance/replay-state.ts). */
  list<S>(portfolioId: string, kind: string, onOrBefore: string): Promise<Array<Checkpoint<S>>>;
  /** Stores checkpoints (one per kind and calendar year: a later one replaces an earlier one of its year) unless the version moved on; false then. */
  save<S>(portfolioId: string, kind: string, version: number, checkpoints: Checkpoint<S>[]): Promise<boolean>;
  /** A write touched `date`: drops the checkpoints on or after it and counts the write. */
  invalidate(portfolioId: string, date: string): Promise<void>;
}

/** A daily close: a decimal string in `currency` (the instrument's quote currency). */
export interface PricePoint {
  symbol: string;
  date: string;
  close: string;
  currency: string;
}

/**
 * A source of daily closes and FX rates: the fixture feed, imported prices, or a chain of them.
 * Missing days are not invented: `latestClose` is the last close on or before the date (a weekend
 * or holiday gives the Friday's), and null when there is none; callers turn null into an error.
 */
export interface PriceProvider {
  /** Closes of `symbol` from `from` to `to` (inclusive), oldest first; [] when there are none. */
  closes(symbol: string, from: string, to: string): Promise<PricePoint[]>;
  /** The last close of `symbol` on or before `onOrBefore`, or null. */
  latestClose(symbol: string, onOrBefore: string): Promise<PricePoint | null>;
  /**
   * For valuation series, every symbol at once: its carry-in close (the last on or before `start`)
   * then its closes after `start` up to `end`, oldest first; exactly what `latestClose(symbol, start)`
   * followed by `closes(symbol, start + 1 day, end)` give. A symbol without any is absent. Optional:
   * `closeSeries` in core/market/prices.ts asks symbol by symbol when a provider has no batch read.
   */
  closeSeries?(symbols: readonly string[], start: string, end: string): Promise<Map<string, PricePoint[]>>;
  /** The date of the first close of `symbol`, or null when it has no close at all. */
  firstDate(symbol: string): Promise<string | null>;
  /**
   * How many `quote` one `base` buys on `date` (the last rate on or before it), as a decimal string:
   * '1' for the same currency; the stored rate of the pair; else the inverse of the opposite pair
   * (1/rate, rounded to 10 places); else a cross rate through USD. null when none is known.
   */
  fxRate(base: string, quote: string, date: string): Promise<string | null>;
  /**
   * The rates `fxRate` would give on every day from `from` to `to`, as a step series, oldest first:
   * the first point is the rate in effect on `from` (dated the day it was set, so possibly earlier),
   * then one point per day a rate changes, up to `to`. A day's rate is that of the last point on or
   * before it. [] when no rate is known on or before `to`. For daily valuation series (one query per leg).
   */
  fxRates(base: string, quote: string, from: string, to: string): Promise<FxPoint[]>;
}

/** One step of an FX rate series: from `date` on, 1 base = `rate` quote (a decimal string). */
export interface FxPoint {
  date: string;
  rate: string;
}

/** The instruments market data knows about. */
export interface InstrumentLookup {
  instrument(symbol: string): Promise<import('./market/types.js').Instrument | null>;
  /** Every instrument, by symbol. */
  instruments(): Promise<import('./market/types.js').Instrument[]>;
  /** The splits of a symbol, oldest first. */
  splits(symbol: string): Promise<import('./market/types.js').Split[]>;
}

/** What `ctx.prices()` hands a command: prices (imported ones first, then the fixture feed) and instruments. */
export type MarketData = PriceProvider & InstrumentLookup;

/** A provider of quotes and daily history (yahoo, tiingo): one module each under src/prices/providers/. */
export interface QuoteFeed {
  readonly id: import('./market/types.js').ProviderId;
  /** Closes as traded (split adjustment undone), events and metadata; a symbol it does not know is exit 4. */
  history(request: import('./market/feed.js').HistoryRequest): Promise<import('./market/feed.js').FetchedSeries>;
  quote(symbol: string): Promise<import('./market/feed.js').Quote>;
}

/** A provider of daily FX reference rates (ecb). */
export interface FxFeed {
  readonly id: import('./market/types.js').ProviderId;
  /** 1 `base` = rate `quote` on each day it publishes one, for every quote currency asked. */
  rates(base: string, quotes: string[], from: string, to: string): Promise<import('./market/types.js').FxRow[]>;
}

type Alert = import('./alerts/types.js').Alert;
type NewNotification = import('./notifications/types.js').NewNotification;

/** The alerts `notify run` evaluates, and the state it keeps on each. */
export interface AlertRepository {
  alertsOf(userId: string): Promise<Alert[]>;
  saveAlertState(
    id: string,
    patch: { state: Alert['state']; fireCount: number; baseline: string | null; lastValue: string | null; lastFiredAt: string | null; lastCheckedAt: string },
  ): Promise<void>;
}

/** The notifications made so far, one per dedupe key. */
export interface NotificationLog {
  /**
   * Stores a notification unless one with its dedupe key exists, and makes sure it has its email
   * delivery (when `emailTo` is given). Idempotent: true when this call created the notification.
   */
  saveNotification(notification: NewNotification, emailTo: string | null): Promise<boolean>;
  hasNotification(dedupeKey: string): Promise<boolean>;
}

/** Email deliveries, claimed by one run before they are sent. */
export interface DeliveryRepository {
  pendingDeliveries(userId: string): Promise<import('./notifications/types.js').PendingDelivery[]>;
  /**
   * Claims a pending delivery for `owner` until `until` and marks it in flight (`sending`) before
   * anything is sent, unless another run holds an unexpired claim; true when claimed.
   */
  claimDelivery(id: string, owner: string, now: string, until: string): Promise<boolean>;
  markSent(id: string, owner: string, at: string): Promise<void>;
  /** A refusal: back to pending for the next run, or `failed` for good when `giveUp`. */
  markFailed(id: string, owner: string, error: string, giveUp: boolean): Promise<void>;
  /** No answer after the message went out: `unconfirmed`, never sent again. */
  markUnconfirmed(id: string, owner: string, error: string): Promise<void>;
  /** Deliveries of the user left in flight past their claim (a run killed mid-send): made `unconfirmed`, returned. */
  settleInFlight(userId: string, now: string): Promise<Array<{ id: string; recipient: string; attempts: number }>>;
}

/** Named locks with an owner and an expiry. */
export interface RunLockRepository {
  /** Takes the named lock, or takes it over when it expired; false when another owner holds it. */
  acquireLock(name: string, owner: string, now: string, expiresAt: string): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
}

/** What a notify run stores: alerts' state, notifications, deliveries and its lock. */
export type NotificationStore = AlertRepository & NotificationLog & DeliveryRepository & RunLockRepository;

/** Admin rights on accounts (`folio admin grant|revoke`). */
export interface AdminRepository {
  isAdmin(userId: string): Promise<boolean>;
  setAdmin(userId: string, admin: boolean): Promise<void>;
  countAdmins(): Promise<number>;
}
