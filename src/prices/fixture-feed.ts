import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FX_COLUMNS,
  fxRowSchema,
  INSTRUMENT_COLUMNS,
  instrumentRowSchema,
  PRICE_COLUMNS,
  priceRowSchema,
  SPLIT_COLUMNS,
  splitRowSchema,
} from '../core/market/price-input.js';
import type { Instrument } from '../core/market/types.js';
import type { Clock, PriceProvider } from '../core/ports.js';
import type { Database } from '../db/connect.js';
import {
  FIXTURE_FILES_KEY,
  FIXTURE_VERSION_KEY,
  readMarketState,
  replaceFixtureData,
  writeMarketState,
  type FixtureData,
} from '../db/repositories/market.js';
import { readMarketCsv } from '../io/market-csv.js';
import { ensureFixturesExtended } from './fixture-extension.js';
import { storedPrices } from './stored-prices.js';
import { utcCalendarDate } from '../core/dates.js';

/**
 * The fixture feed: mock market data shipped in `fixtures/` (instruments.csv, prices.csv, fx.csv,
 * splits.csv). The files are read, validated and copied into the database's market tables once,
 * whenever their sha256 differs from the version stored in `market_data_state`; every later
 * command reads the database only (checking the version costs one hash of the files).
 */

export const FIXTURE_FILES = ['instruments.csv', 'prices.csv', 'fx.csv', 'splits.csv'] as const;

/** The directory holding package.json, found by walking up from this module: works from dist/ and from src/. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export function defaultFixturesDir(): string {
  return join(packageRoot(), 'fixtures');
}

interface FixtureFiles {
  version: string;
  texts: Map<string, string>;
}

/** The fixture files' text (a missing file counts as empty) and their combined sha256. */
export function readFixtureFiles(dir: string): FixtureFiles {
  const hash = createHash('sha256');
  const texts = new Map<string, string>();
  for (const name of FIXTURE_FILES) {
    const path = join(dir, name);
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    texts.set(name, text);
    hash.update(`${name}\0${text.length}\0`).update(text);
  }
  return { version: hash.digest('hex'), texts };
}

class FixtureError extends Error {
  override name = 'FixtureError';
}

function table<S extends Parameters<typeof readMarketCsv>[2]>(
  dir: string,
  file: string,
  text: string,
  columns: readonly string[],
  schema: S,
) {
  if (text.trim() === '') return [];
  const { rows, errors } = readMarketCsv(text, columns, schema, { maxErrors: 5 });
  if (errors.length) {
    const first = errors[0]!;
    throw new FixtureError(`Invalid fixture ${join(dir, file)}: line ${first.line}, column ${first.column}: ${first.message}`);
  }
  return rows;
}

/** Parses and cross-checks the fixture files (every close of a known instrument, in its currency). */
export function parseFixtures(dir: string, texts: Map<string, string>): FixtureData {
  const instruments: Instrument[] = table(dir, 'instruments.csv', texts.get('instruments.csv')!, INSTRUMENT_COLUMNS, instrumentRowSchema).map(
    ({ value }) => ({ ...value, source: 'fixture' as const }),
  );
  const currencyOf = new Map(instruments.map((i) => [i.symbol, i.currency]));
  const priceRows = table(dir, 'prices.csv', texts.get('prices.csv')!, PRICE_COLUMNS, priceRowSchema());
  const prices = priceRows.map(({ line, value }) => {
    const currency = currencyOf.get(value.symbol);
    if (currency !== value.currency) {
      throw new FixtureError(
        `Invalid fixture ${join(dir, 'prices.csv')}: line ${line}: ${currency ? `${value.symbol} is quoted in ${currency}, not ${value.currency}` : `unknown instrument ${value.symbol}`}`,
      );
    }
    return value;
  });
  const fx = table(dir, 'fx.csv', texts.get('fx.csv')!, FX_COLUMNS, fxRowSchema).map(({ value }) => value);
  const splits = table(dir, 'splits.csv', texts.get('splits.csv')!, SPLIT_COLUMNS, splitRowSchema).map(({ value }) => value);
  return { instruments, prices, fx, splits };
}

export interface FixtureFeedOptions {
  dir: string;
  clock: Clock;
  /** Continue the walk past the files' last day up to today (default); off for FOLIO_FIXTURES_DIR, taken as is. */
  extend?: boolean;
}

/**
 * Makes sure the database holds the current fixture files, loading them (in one transaction) when
 * their version differs from the one stored. Returns true when this call loaded them.
 */
export async function ensureFixturesLoaded(database: Database, options: FixtureFeedOptions): Promise<boolean> {
  // Hashing 2.6 MB on every command would cost more than most commands: the files' sizes and
  // modification times, when unchanged since the last check, vouch for the stored version.
  const signature = statSignature(options.dir);
  const [stored, checked] = await Promise.all([
    readMarketState(database.db, FIXTURE_VERSION_KEY),
    readMarketState(database.db, FIXTURE_FILES_KEY),
  ]);
  if (stored !== null && checked === signature) return false;
  const files = readFixtureFiles(options.dir);
  const loaded =
    stored !== files.version &&
    (await replaceFixtureData(database, () => parseFixtures(options.dir, files.texts), {
      version: files.version,
      loadedAt: options.clock.now().toISOString(),
    }));
  await writeMarketState(database.db, FIXTURE_FILES_KEY, signature);
  return loaded;
}

function statSignature(dir: string): string {
  const parts = FIXTURE_FILES.map((name) => {
    try {
      const { size, mtimeMs } = statSync(join(dir, name));
      return `${name}:${size}:${mtimeMs}`;
    } catch {
      return `${name}:-`;
    }
  });
  return [dir, ...parts].join('|');
}

/** The fixture feed as a provider: loads the files into the database if needed, then reads from it. */
export async function fixtureFeed(database: Database, options: FixtureFeedOptions): Promise<PriceProvider> {
  await ensureFixturesLoaded(database, options);
  if (options.extend !== false) await ensureFixturesExtended(database, utcCalendarDate(options.clock.now()));
  return storedPrices(database, 'fixture');
}
