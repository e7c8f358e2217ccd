/** Market data vocabulary: instruments, their daily closes and FX rates. Money as decimal strings. */
export const INSTRUMENT_CLASSES = ['stock', 'etf', 'bond', 'commodity', 'crypto'] as const;
export type InstrumentClass = (typeof INSTRUMENT_CLASSES)[number];

/** Where a row of market data came from: the mock feed in fixtures/, a shared `folio prices import --shared`, or a provider. */
export type MarketDataSource = 'fixture' | 'import' | ProviderId;

/** The real providers: quotes and history (yahoo, tiingo) and FX reference rates (ecb). */
export const PROVIDER_IDS = ['yahoo', 'tiingo', 'ecb'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export interface Instrument {
  symbol: string;
  name: string;
  /** null for a symbol known only from imported prices. */
  class: InstrumentClass | null;
  sector: string | null;
  /** The currency its closes are quoted in. */
  currency: string;
  source: MarketDataSource;
}

export interface Split {
  symbol: string;
  date: string;
  /** 2 means 2-for-1. */
  ratio: string;
}

/** One imported or fixture close, as validated at the door. */
export interface PriceRow {
  symbol: string;
  date: string;
  close: string;
  currency: string;
}

/** 1 `base` = `rate` `quote` on `date`. */
export interface FxRow {
  base: string;
  quote: string;
  date: string;
  rate: string;
}
