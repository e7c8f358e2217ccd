#!/usr/bin/env node
// Generates a deterministic, valid transaction history as import CSV
// (`date,type,symbol,quantity,price,amount,fee,currency,note`), for benchmarks and tests:
//
//   node bench/generate-transactions.js --rows 1000000 --symbols 50 --years 10 --seed 42 > file.csv
//   node bench/generate-transactions.js --rows 1000 --out history.csv
//
// Rows come out in date order, ending on --end (default 2026-10-31). Holdings are tracked while
// generating, so a sell never exceeds the position held at its date (splits multiply it).
// Plain Node ESM with no dependencies; output is streamed, never held in memory.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom } from '../scripts/random.js';

export const CSV_HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';

const DEFAULTS = { rows: 1000, symbols: 50, years: 10, seed: 42, end: '2026-10-31' };
const DAY_MS = 86_400_000;
/** Quantities are tracked exactly as integers of 1/10,000 of a unit. */
const UNIT = 10_000;

const WELL_KNOWN = [
  ['AAPL', 'USD', 180], ['MSFT', 'USD', 410], ['VWRL.L', 'GBP', 105], ['SAP.DE', 'EUR', 170],
  ['BRK.B', 'USD', 400], ['NVDA', 'USD', 120], ['ASML.AS', 'EUR', 650], ['VOD.L', 'GBP', 0.72],
  ['GOOGL', 'USD', 160], ['AMZN', 'USD', 180], ['TSLA', 'USD', 240], ['NESN.SW', 'EUR', 95],
  ['META', 'USD', 480], ['JNJ', 'USD', 155], ['V', 'USD', 270], ['ULVR.L', 'GBP', 44],
];
const NOTES = [
  'monthly savings plan',
  'rebalance, sold winners',
  'the "boring" core position',
  'dividend reinvested',
  'bought the dip; see journal',
  'transfer from savings\nsecond line of the note',
];


function makeSymbols(count, random) {
  const symbols = [];
  for (let i = 0; i < count; i++) {
    if (i < WELL_KNOWN.length) {
      const [symbol, currency, price] = WELL_KNOWN[i];
      symbols.push({ symbol, currency, price });
    } else {
      // Synthetic tickers: SYMA, SYMB, ..., SYMAA, ... always valid symbols.
      let name = '';
      for (let n = i - WELL_KNOWN.length; ; n = Math.floor(n / 26) - 1) {
        name = String.fromCharCode(65 + (n % 26)) + name;
        if (n < 26) break;
      }
      const roll = random();
      const currency = roll < 0.8 ? 'USD' : roll < 0.9 ? 'EUR' : 'GBP';
      symbols.push({ symbol: `SYM${name}`, currency, price: 5 + random() * 300 });
    }
  }
  return symbols;
}

/** Units of 1/10,000 as a plain decimal string without trailing zeros. */
function formatUnits(units) {
  const whole = Math.floor(units / UNIT);
  const fraction = units % UNIT;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(4, '0').replace(/0+$/, '')}`;
}

const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);

function csvField(value) {
  if (value === null || value === undefined) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One transaction (TransactionFields shape, null for blank cells) as a CSV line without the newline. */
export function toCsvLine(row) {
  return [
    row.date,
    row.type,
    csvField(row.symbol),
    csvField(row.quantity),
    csvField(row.price),
    csvField(row.amount),
    csvField(row.fee),
    row.currency,
    csvField(row.note),
  ].join(',');
}

/**
 * Yields `rows` transactions in date order. Options: rows, symbols, years, seed, end (YYYY-MM-DD,
 * the last date). The same options always give the same history.
 */
export function* generateTransactions(options = {}) {
  const { rows, symbols: symbolCount, years, seed, end } = { ...DEFAULTS, ...options };
  const random = createRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const symbols = makeSymbols(Math.max(1, symbolCount), random);
  const held = new Map(); // symbol -> units held (integers of 1/UNIT)

  const endMs = Date.parse(`${end}T00:00:00Z`);
  const startMs = endMs - Math.round(years * 365.25) * DAY_MS;
  const days = Math.round((endMs - startMs) / DAY_MS) + 1;

  const cashCurrency = () => {
    const roll = random();
    return roll < 0.85 ? 'USD' : roll < 0.94 ? 'EUR' : 'GBP';
  };
  const money = (min, max) => (min + random() * (max - min)).toFixed(2);
  const note = () => (random() < 0.05 ? pick(NOTES) : null);
  const priceOf = (instrument) => {
    // A multiplicative random walk, one step per use; never below 0.01.
    instrument.price = Math.max(0.01, instrument.price * (1 + (random() - 0.495) * 0.02));
    const decimals = 2 + Math.floor(random() * 3); // 2-4 decimals
    return instrument.price.toFixed(decimals);
  };

  for (let i = 0; i < rows; i++) {
    const date = isoDate(startMs + Math.floor((i * days) / rows) * DAY_MS);
    // Start every history with a deposit so the account has cash.
    const roll = i === 0 ? 0 : random();
    const row = { date, type: 'deposit', symbol: null, quantity: null, price: null, amount: null, fee: null, currency: 'USD', note: null };

    if (roll < 0.06) {
      row.type = 'deposit';
      row.amount = money(500, 20_000);
      row.currency = i === 0 ? 'USD' : cashCurrency();
      row.note = note();
    } else if (roll < 0.08) {
      row.type = 'withdrawal';
      row.amount = money(100, 5_000);
      row.currency = cashCurrency();
    } else if (roll < 0.2) {
      row.type = 'dividend';
      const instrument = pick(symbols);
      const amount = 5 + random() * 400;
      row.symbol = instrument.symbol;
      row.amount = amount.toFixed(2);
      row.fee = random() < 0.4 ? (amount * 0.15).toFixed(2) : null; // withholding tax
      row.currency = instrument.currency;
    } else if (roll < 0.22) {
      row.type = 'interest';
      row.amount = money(0.5, 80);
      row.currency = cashCurrency();
    } else if (roll < 0.24) {
      row.type = 'fee';
      row.amount = money(1, 25);
      row.currency = cashCurrency();
      row.note = random() < 0.5 ? 'custody fee' : null;
    } else if (roll < 0.24002) {
      // A few splits: only of a symbol held; holdings and price follow the ratio.
      const instrument = symbols.find((candidate) => (held.get(candidate.symbol) ?? 0) > 0) ?? pick(symbols);
      const ratio = random() < 0.7 ? 2 : random() < 0.5 ? 3 : 4;
      row.type = 'split';
      row.symbol = instrument.symbol;
      row.quantity = String(ratio);
      row.currency = instrument.currency;
      held.set(instrument.symbol, (held.get(instrument.symbol) ?? 0) * ratio);
      instrument.price /= ratio;
    } else {
      let instrument = pick(symbols);
      let units = held.get(instrument.symbol) ?? 0;
      const wantsSell = roll >= 0.7;
      if (wantsSell && units === 0) {
        // Sell something that is held, if anything is.
        for (const candidate of symbols) {
          if ((held.get(candidate.symbol) ?? 0) > 0) {
            instrument = candidate;
            units = held.get(candidate.symbol);
            break;
          }
        }
      }
      row.symbol = instrument.symbol;
      row.currency = instrument.currency;
      row.price = priceOf(instrument);
      row.fee = random() < 0.7 ? money(0, 10) : null;
      row.note = note();
      if (wantsSell && units > 0) {
        // Whole units when at least one is held (sometimes everything), else the whole fraction.
        let sold = units;
        if (units >= UNIT && random() < 0.9) sold = Math.max(1, Math.floor((units / UNIT) * random() * 0.5)) * UNIT;
        row.type = 'sell';
        row.quantity = formatUnits(sold);
        held.set(instrument.symbol, units - sold);
      } else {
        const bought = random() < 0.2 ? 1 + Math.floor(random() * 50 * UNIT) : (1 + Math.floor(random() * 200)) * UNIT;
        row.type = 'buy';
        row.quantity = formatUnits(bought);
        held.set(instrument.symbol, units + bought);
      }
    }
    yield row;
  }
}

/** Yields the CSV text in chunks of about `chunkSize` characters, header first. */
export function* generateTransactionCsv(options = {}, chunkSize = 64 * 1024) {
  let chunk = CSV_HEADER + '\n';
  for (const row of generateTransactions(options)) {
    chunk += toCsvLine(row) + '\n';
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Mock daily closes (weekdays, a random walk from each symbol's starting price) for the symbols a
 * history with the same options trades, as `folio prices import` CSV, so analytics can value
 * symbols the fixture feed does not have. `skip`: symbols to leave out (e.g. the fixture's).
 */
export function* generateCloseCsv(options = {}, skip = new Set()) {
  const { symbols: symbolCount, years, seed, end } = { ...DEFAULTS, ...options };
  const instruments = makeSymbols(Math.max(1, symbolCount), createRandom(seed)).filter((i) => !skip.has(i.symbol));
  const random = createRandom(seed + 1);
  const endMs = Date.parse(`${end}T00:00:00Z`);
  // A week before the first transaction, so every trade has a close on or before it.
  const startMs = endMs - (Math.round(years * 365.25) + 7) * DAY_MS;
  yield 'symbol,date,close,currency\n';
  for (const instrument of instruments) {
    let price = instrument.price;
    let chunk = '';
    for (let ms = startMs; ms <= endMs; ms += DAY_MS) {
      const weekday = new Date(ms).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      price = Math.max(0.01, price * (1 + (random() - 0.499) * 0.03));
      chunk += `${instrument.symbol},${isoDate(ms)},${price.toFixed(4)},${instrument.currency}\n`;
    }
    yield chunk;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      symbols: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      end: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: node bench/generate-transactions.js [--rows N] [--symbols N] [--years N] [--seed N] [--end YYYY-MM-DD] [--out FILE]\n',
    );
    return;
  }
  const number = (name, text) => {
    if (text === undefined) return DEFAULTS[name];
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: not a number: ${text}`);
    return value;
  };
  if (values.end !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.end)) throw new Error(`--end: not a date: ${values.end}`);
  const options = {
    rows: Math.floor(number('rows', values.rows)),
    symbols: Math.floor(number('symbols', values.symbols)),
    years: number('years', values.years),
    seed: Math.floor(number('seed', values.seed)),
    end: values.end ?? DEFAULTS.end,
  };
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  out.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  for (const chunk of generateTransactionCsv(options)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (values.out) {
    out.end();
    await once(out, 'finish');
  }
}

// Run as a script (not when imported, nor when bundled into another script).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && import.meta.url.endsWith('/generate-transactions.js')) {
  main().catch((error) => {
    process.stderr.write(`generate-transactions: ${error.message}\n`);
    process.exitCode = 1;
  });
}
