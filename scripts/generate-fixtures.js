#!/usr/bin/env node
// Generates folio's MOCK market data and sample portfolios (not real market data):
//
//   node scripts/generate-fixtures.js             # writes into fixtures/ (npm run fixtures)
//   node scripts/generate-fixtures.js --out DIR   # writes the same files into DIR
//   node scripts/generate-fixtures.js --stats     # also prints per-instrument statistics to stderr
//
// Files: instruments.csv, prices.csv, splits.csv, fx.csv, portfolios/{index-investor,
// stock-picker,multi-currency}.csv (fixtures/README.md describes them). The output is a pure
// function of this file: a seeded PRNG (mulberry32 + Box–Muller), UTC calendar arithmetic and
// Number#toFixed, no Math.random, no clock, no locale, so a rerun reproduces every byte.
//
// Prices: each instrument's log price is a sum of shared market factors (equity, rates, gold,
// energy, crypto, each a random walk with scripted crashes and recoveries) times the
// instrument's betas, plus its own random walk, then pinned through a few anchor levels
// (plausible real-world levels, e.g. the 2015 start) by a piecewise-linear correction in log
// space (a Brownian bridge). Splits divide every close from the split date on.
// Plain Node ESM with no dependencies.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom } from './random.js';

export const START = '2015-01-02';
export const END = '2026-10-30';
/** The seed of the committed files (`--seed` tries others; see fixtures/README.md). */
export const SEED = 20150102;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Randomness and calendar


/** Standard normal deviates by Box–Muller (both values of each pair are used). */
function createNormal(seed) {
  const random = createRandom(seed);
  let spare = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random())); // 1 - u is in (0, 1]
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/** FNV-1a: one seed per series, so adding an instrument leaves the others unchanged. */
function seedOf(name, seed) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (hash ^ seed) >>> 0;
}

const msOf = (date) => Date.parse(`${date}T00:00:00Z`);
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Every calendar day of the span, with its weekday flag. */
function makeCalendar() {
  const days = [];
  for (let ms = msOf(START); ms <= msOf(END); ms += DAY_MS) {
    const weekday = new Date(ms).getUTCDay();
    days.push({ date: isoDate(ms), weekday: weekday !== 0 && weekday !== 6 });
  }
  return days;
}

// ---------------------------------------------------------------------------------------------
// Market factors: annual volatility, the days they move on, and scripted moves
// ([from, to, total log change], spread evenly over the factor's days in the window).

const FACTORS = {
  equity: {
    vol: 0.145,
    crypto: false,
    events: [
      ['2015-08-18', '2015-08-25', -0.11], // August 2015 sell-off
      ['2015-12-29', '2016-02-11', -0.12], // early-2016 slide…
      ['2016-02-12', '2016-04-20', 0.12], // …and recovery
      ['2018-01-29', '2018-02-08', -0.1], // February 2018 volatility spike
      ['2018-10-01', '2018-12-24', -0.22], // 2018-Q4 drawdown…
      ['2018-12-26', '2019-04-30', 0.22], // …and recovery
      ['2020-02-20', '2020-03-23', -0.42], // COVID crash…
      ['2020-03-24', '2020-08-31', 0.45], // …and recovery
      ['2022-01-04', '2022-10-12', -0.3], // 2022 bear market…
      ['2022-10-13', '2023-07-31', 0.25], // …and recovery
      ['2025-02-20', '2025-04-08', -0.2], // spring 2025 tariff shock…
      ['2025-04-09', '2025-06-30', 0.21], // …and recovery
    ],
  },
  rates: {
    vol: 0.045,
    crypto: false,
    events: [
      ['2020-03-09', '2020-03-19', -0.06],
      ['2020-03-20', '2020-05-29', 0.06],
      ['2022-01-03', '2022-10-24', -0.17], // 2022 rate shock
      ['2022-10-25', '2023-01-31', 0.06],
    ],
  },
  gold: {
    vol: 0.14,
    crypto: false,
    events: [
      ['2019-05-28', '2020-08-06', 0.35],
      ['2023-10-06', '2024-05-20', 0.3],
      ['2025-01-02', '2025-10-20', 0.45],
    ],
  },
  energy: {
    vol: 0.15,
    crypto: false,
    events: [
      ['2015-06-01', '2016-01-20', -0.25], // oil glut
      ['2020-01-08', '2020-10-28', -0.5], // demand collapse
      ['2021-01-04', '2022-06-08', 0.6], // energy boom
    ],
  },
  crypto: {
    vol: 0.6,
    crypto: true,
    events: [
      ['2017-01-01', '2017-12-17', 2.5], // 2017 boom…
      ['2017-12-18', '2018-12-15', -1.7], // …and bust
      ['2020-10-01', '2021-04-14', 1.6], // 2021 boom…
      ['2021-11-09', '2022-11-21', -1.4], // …and bust
      ['2023-01-01', '2024-03-14', 1.4], // recovery
    ],
  },
};

const DOLLAR_VOL = 0.05; // shared USD factor of the FX rates
const FX_VOL = 0.07;

// ---------------------------------------------------------------------------------------------
// Instruments. vol: target annual volatility (the instrument's own noise makes up what its
// betas do not); beta: loadings on the factors; anchors: [date, close as quoted on that date].

const INSTRUMENTS = [
  stock('AAPL', 'Apple Inc.', 'Technology', 'USD', 0.29, { equity: 1.15 }, [
    [START, 109.33], ['2016-05-12', 90], ['2018-10-03', 232], ['2019-01-03', 142], ['2020-08-28', 499.23],
    ['2022-01-03', 182], ['2023-01-05', 125], ['2024-12-26', 259], [END, 262],
  ]),
  stock('AMZN', 'Amazon.com Inc.', 'Consumer Discretionary', 'USD', 0.32, { equity: 1.2 }, [
    [START, 308.52], ['2016-01-04', 636], ['2018-09-04', 2039], ['2018-12-24', 1343], ['2020-07-10', 3200],
    ['2021-07-08', 3731], ['2022-06-03', 2447], ['2022-12-28', 83], ['2024-07-08', 200], ['2025-04-08', 170], [END, 232],
  ]),
  stock('ASML.AS', 'ASML Holding N.V.', 'Technology', 'EUR', 0.36, { equity: 1.3 }, [
    [START, 89.4], ['2018-01-02', 146], ['2020-03-16', 200], ['2021-11-18', 770], ['2022-09-29', 420],
    ['2024-07-11', 1000], ['2025-04-07', 540], [END, 880],
  ]),
  stock('AZN.L', 'AstraZeneca PLC', 'Health Care', 'GBP', 0.25, { equity: 0.5 }, [
    [START, 46], ['2018-01-02', 51], ['2022-01-04', 87], ['2024-09-02', 130], ['2025-04-07', 100], [END, 118],
  ]),
  instrument('BND', 'Vanguard Total Bond Market ETF', 'bond', 'Fixed Income', 'USD', 0.05, { rates: 1, equity: 0.02 }, [
    [START, 82.6], ['2020-08-04', 89.5], ['2022-10-20', 69.2], [END, 74.5],
  ]),
  instrument('BTC-USD', 'Bitcoin', 'crypto', 'Digital Assets', 'USD', 0.75, { crypto: 1, equity: 0.3 }, [
    [START, 315.03], ['2015-08-24', 210], ['2016-12-31', 960], ['2017-12-17', 19100], ['2018-12-15', 3240],
    ['2019-06-26', 12900], ['2020-03-12', 4970], ['2020-12-31', 29000], ['2021-04-14', 63500], ['2021-07-20', 29800],
    ['2021-11-08', 67500], ['2022-11-21', 15800], ['2023-06-15', 25000], ['2024-03-13', 73000], ['2024-11-22', 98000],
    ['2025-04-08', 76000], ['2025-10-06', 124000], [END, 108000],
  ]),
  instrument('ETH-USD', 'Ethereum', 'crypto', 'Digital Assets', 'USD', 0.9, { crypto: 1.1, equity: 0.3 }, [
    [START, 1.2], ['2015-10-21', 0.7], ['2016-06-17', 20], ['2016-12-20', 7.3], ['2017-06-12', 400], ['2018-01-13', 1390],
    ['2018-12-15', 84], ['2019-06-26', 330], ['2020-03-16', 110], ['2021-05-11', 4170], ['2021-06-22', 1880],
    ['2021-11-09', 4810], ['2022-06-18', 995], ['2023-06-15', 1650], ['2024-03-12', 4060], ['2025-04-08', 1470],
    ['2025-08-23', 4800], [END, 3900],
  ]),
  instrument('GLD', 'SPDR Gold Shares', 'commodity', 'Precious Metals', 'USD', 0.15, { gold: 1 }, [
    [START, 114.1], ['2015-12-17', 100], ['2018-08-16', 111], ['2020-08-06', 193.9], ['2022-09-26', 152.5],
    ['2024-10-30', 257], ['2025-04-21', 320], [END, 372],
  ]),
  stock('GOOGL', 'Alphabet Inc. Class A', 'Communication Services', 'USD', 0.29, { equity: 1.1 }, [
    [START, 529.55], ['2016-01-04', 741], ['2018-07-26', 1285], ['2018-12-24', 984], ['2020-03-23', 1056],
    ['2021-11-18', 3000], ['2022-07-15', 2235], ['2022-11-03', 83], ['2024-07-10', 191], ['2025-04-07', 145], [END, 255],
  ]),
  stock('JNJ', 'Johnson & Johnson', 'Health Care', 'USD', 0.25, { equity: 0.6 }, [
    [START, 104.52], ['2018-01-22', 148], ['2020-03-23', 111], ['2022-04-20', 186], ['2023-10-27', 145],
    ['2025-01-10', 143], [END, 190],
  ]),
  stock('JPM', 'JPMorgan Chase & Co.', 'Financials', 'USD', 0.28, { equity: 1.1 }, [
    [START, 62.49], ['2016-02-11', 52.5], ['2018-03-12', 118], ['2020-03-23', 79], ['2021-10-25', 172],
    ['2022-10-12', 101], ['2024-11-25', 250], [END, 305],
  ]),
  stock('KO', 'The Coca-Cola Company', 'Consumer Staples', 'USD', 0.25, { equity: 0.55 }, [
    [START, 42.14], ['2016-06-01', 45], ['2018-08-01', 46], ['2020-03-23', 37], ['2022-04-25', 67], ['2023-10-06', 52],
    ['2025-04-03', 73], [END, 70.5],
  ]),
  stock('MSFT', 'Microsoft Corporation', 'Technology', 'USD', 0.26, { equity: 1.1 }, [
    [START, 46.76], ['2016-02-08', 49], ['2018-10-03', 116], ['2020-03-16', 135], ['2021-11-19', 343],
    ['2022-11-03', 214], ['2024-07-05', 467], ['2025-04-07', 357], [END, 515],
  ]),
  stock('NVDA', 'NVIDIA Corporation', 'Technology', 'USD', 0.5, { equity: 1.6 }, [
    [START, 20.13], ['2016-01-04', 32], ['2018-10-01', 280], ['2018-12-24', 130], ['2020-02-19', 310],
    ['2020-03-16', 200], ['2021-07-19', 750], ['2022-10-13', 112], ['2023-05-30', 401], ['2024-06-07', 1208],
    ['2025-04-04', 94], [END, 190],
  ]),
  stock('PG', 'The Procter & Gamble Company', 'Consumer Staples', 'USD', 0.25, { equity: 0.5 }, [
    [START, 91.4], ['2016-01-04', 78], ['2018-05-02', 71], ['2020-02-20', 127], ['2020-03-23', 98], ['2021-12-31', 163],
    ['2022-10-12', 124], ['2024-11-27', 179], [END, 152],
  ]),
  etf('QQQ', 'Invesco QQQ Trust', 'Technology', 'USD', 0.22, { equity: 1.15 }, [
    [START, 102.9], ['2016-02-11', 97], ['2018-10-01', 186], ['2018-12-24', 150], ['2020-02-19', 237],
    ['2020-03-16', 170], ['2021-12-27', 403], ['2022-12-28', 261], ['2024-12-16', 538], ['2025-04-08', 424], [END, 610],
  ]),
  stock('SAP.DE', 'SAP SE', 'Technology', 'EUR', 0.26, { equity: 0.9 }, [
    [START, 57.5], ['2018-01-02', 93], ['2020-03-16', 90], ['2020-10-23', 100], ['2022-09-29', 83], ['2025-02-17', 280],
    [END, 240],
  ]),
  stock('SIE.DE', 'Siemens AG', 'Industrials', 'EUR', 0.25, { equity: 1 }, [
    [START, 93.8], ['2018-01-29', 118], ['2020-03-16', 70], ['2021-11-15', 155], ['2022-09-29', 100],
    ['2024-12-31', 190], [END, 230],
  ]),
  stock('ULVR.L', 'Unilever PLC', 'Consumer Staples', 'GBP', 0.25, { equity: 0.5 }, [
    [START, 26.4], ['2017-05-15', 44], ['2019-08-29', 52], ['2020-03-16', 39], ['2022-03-07', 34], ['2023-10-27', 37],
    ['2024-09-03', 51], [END, 46.5],
  ]),
  stock('UNH', 'UnitedHealth Group Inc.', 'Health Care', 'USD', 0.3, { equity: 0.8 }, [
    [START, 101.5], ['2018-10-01', 268], ['2020-03-23', 200], ['2022-10-31', 555], ['2024-11-11', 620],
    ['2025-05-15', 274], [END, 335],
  ]),
  stock('V', 'Visa Inc. Class A', 'Financials', 'USD', 0.26, { equity: 1 }, [
    [START, 65.5], ['2018-01-02', 115], ['2020-03-16', 150], ['2021-07-26', 250], ['2022-10-12', 180],
    ['2024-12-31', 315], [END, 345],
  ]),
  etf('VOO', 'Vanguard S&P 500 ETF', 'Broad Market', 'USD', 0.15, { equity: 0.98 }, [
    [START, 189], ['2016-02-11', 166], ['2018-09-20', 268], ['2018-12-24', 215], ['2020-02-19', 310], ['2020-03-23', 200],
    ['2022-01-03', 437], ['2022-10-12', 327], ['2025-02-19', 564], ['2025-04-08', 455], [END, 625],
  ]),
  etf('VTI', 'Vanguard Total Stock Market ETF', 'Broad Market', 'USD', 0.15, { equity: 1 }, [
    [START, 104.6], ['2016-02-11', 93], ['2018-09-20', 152], ['2018-12-24', 120], ['2020-02-19', 175], ['2020-03-23', 113],
    ['2021-12-29', 244], ['2022-10-12', 171], ['2025-02-19', 305], ['2025-04-08', 245], [END, 335],
  ]),
  etf('VWRL.L', 'Vanguard FTSE All-World UCITS ETF', 'Broad Market', 'GBP', 0.15, { equity: 0.9 }, [
    [START, 46.1], ['2016-02-11', 45], ['2018-09-20', 75], ['2020-02-19', 88], ['2020-03-23', 60], ['2021-12-29', 103],
    ['2022-10-12', 90], ['2025-02-19', 120], ['2025-04-08', 100], [END, 128],
  ]),
  etf('XLE', 'Energy Select Sector SPDR Fund', 'Energy', 'USD', 0.26, { equity: 0.8, energy: 0.9 }, [
    [START, 79.6], ['2016-01-20', 53], ['2018-05-22', 79], ['2020-03-18', 28], ['2020-10-28', 24.5], ['2022-11-07', 94],
    ['2024-04-05', 98], [END, 92],
  ]),
  etf('XLF', 'Financial Select Sector SPDR Fund', 'Financials', 'USD', 0.21, { equity: 1.1 }, [
    [START, 24.6], ['2016-02-11', 19], ['2018-02-26', 30], ['2020-03-23', 18], ['2021-12-31', 39], ['2022-10-12', 31],
    ['2024-11-25', 51], [END, 54],
  ]),
  etf('XLK', 'Technology Select Sector SPDR Fund', 'Technology', 'USD', 0.22, { equity: 1.15 }, [
    [START, 41.4], ['2016-02-11', 38], ['2018-10-01', 75], ['2018-12-24', 60], ['2020-02-19', 100], ['2020-03-16', 70],
    ['2021-12-27', 174], ['2022-10-12', 120], ['2024-07-10', 235], ['2025-04-08', 180], [END, 290],
  ]),
  etf('XLV', 'Health Care Select Sector SPDR Fund', 'Health Care', 'USD', 0.17, { equity: 0.75 }, [
    [START, 68.8], ['2016-02-11', 64], ['2018-12-24', 82], ['2020-03-23', 74], ['2021-12-29', 142], ['2022-10-12', 122],
    ['2024-09-05', 158], ['2025-05-15', 128], [END, 145],
  ]),
  stock('XOM', 'Exxon Mobil Corporation', 'Energy', 'USD', 0.28, { equity: 0.8, energy: 1 }, [
    [START, 92.83], ['2016-01-20', 72], ['2018-05-22', 83], ['2020-03-23', 32], ['2020-10-28', 31.5], ['2022-11-04', 113],
    ['2024-04-12', 122], [END, 118],
  ]),
];

/** Splits: from `date` on, closes are divided by `ratio` (date = the first split-adjusted close). */
export const SPLITS = [
  { symbol: 'AAPL', date: '2020-08-31', ratio: 4 },
  { symbol: 'AMZN', date: '2022-06-06', ratio: 20 },
  { symbol: 'GOOGL', date: '2022-07-18', ratio: 20 },
  { symbol: 'NVDA', date: '2021-07-20', ratio: 4 },
  { symbol: 'NVDA', date: '2024-06-10', ratio: 10 },
];

/** FX: 1 base = rate quote, pinned through anchors like the instruments. */
const FX_SERIES = [
  {
    base: 'EUR',
    quote: 'USD',
    anchors: [
      [START, 1.2], ['2015-03-13', 1.05], ['2016-12-20', 1.04], ['2018-02-15', 1.25], ['2020-03-20', 1.07],
      ['2021-01-06', 1.23], ['2022-09-27', 0.99], ['2023-07-14', 1.12], ['2025-01-13', 1.03], ['2025-07-01', 1.18],
      [END, 1.16],
    ],
  },
  {
    base: 'GBP',
    quote: 'USD',
    anchors: [
      [START, 1.54], ['2015-04-13', 1.465], ['2015-07-15', 1.56], ['2016-06-23', 1.48], ['2016-06-24', 1.37],
      ['2016-10-11', 1.22], ['2018-04-17', 1.43], ['2020-03-19', 1.16], ['2021-05-31', 1.42], ['2022-09-26', 1.08],
      ['2023-07-14', 1.31], ['2025-01-13', 1.22], ['2025-07-01', 1.37], [END, 1.33],
    ],
  },
];

function instrument(symbol, name, kind, sector, currency, vol, beta, anchors) {
  return { symbol, name, class: kind, sector, currency, vol, beta, anchors };
}
function stock(symbol, name, sector, currency, vol, beta, anchors) {
  return instrument(symbol, name, 'stock', sector, currency, vol, beta, anchors);
}
function etf(symbol, name, sector, currency, vol, beta, anchors) {
  return instrument(symbol, name, 'etf', sector, currency, vol, beta, anchors);
}

// ---------------------------------------------------------------------------------------------
// Series

/** Cumulative log level of each factor on every calendar day. */
function makeFactors(calendar, seed) {
  const levels = {};
  for (const [name, factor] of Object.entries(FACTORS)) {
    const active = (day) => factor.crypto || day.weekday;
    const step = factor.vol / Math.sqrt(factor.crypto ? 365 : 252);
    const increments = new Float64Array(calendar.length);
    const normal = createNormal(seedOf(`factor:${name}`, seed));
    calendar.forEach((day, i) => {
      if (active(day)) increments[i] = step * normal();
    });
    for (const [from, to, total] of factor.events) {
      const inWindow = [];
      calendar.forEach((day, i) => {
        if (day.date >= from && day.date <= to && active(day)) inWindow.push(i);
      });
      for (const i of inWindow) increments[i] += total / inWindow.length;
    }
    const level = new Float64Array(calendar.length);
    let sum = 0;
    for (let i = 0; i < calendar.length; i++) level[i] = sum += increments[i];
    levels[name] = level;
  }
  return levels;
}

/**
 * Pins a log path through anchors: adds, between consecutive anchors, the straight line that
 * moves the path's value at each anchor onto the anchor's log level. `days` are the path's dates.
 */
function pinToAnchors(path, days, anchors, what) {
  const index = new Map(days.map((date, i) => [date, i]));
  const points = anchors.map(([date, logLevel]) => {
    const i = index.get(date);
    if (i === undefined) throw new Error(`${what}: anchor ${date} is not one of its days`);
    return { i, offset: logLevel - path[i] };
  });
  if (points[0].i !== 0 || points[points.length - 1].i !== days.length - 1)
    throw new Error(`${what}: the anchors must start on ${START} and end on ${END}`);
  const pinned = new Float64Array(path.length);
  for (let p = 0; p + 1 < points.length; p++) {
    const a = points[p];
    const b = points[p + 1];
    if (b.i <= a.i) throw new Error(`${what}: anchors out of order`);
    for (let i = a.i; i <= b.i; i++) pinned[i] = path[i] + a.offset + ((b.offset - a.offset) * (i - a.i)) / (b.i - a.i);
  }
  return pinned;
}

/** The product of the split ratios of `symbol` that took effect on or before `date`. */
function splitFactor(symbol, date) {
  let factor = 1;
  for (const split of SPLITS) if (split.symbol === symbol && split.date <= date) factor *= split.ratio;
  return factor;
}

/** Closes of one instrument: [{ date, close }] with close a 2-decimal string. */
function makePrices(spec, calendar, factors, seed) {
  const crypto = spec.class === 'crypto';
  const dayIndexes = [];
  calendar.forEach((day, i) => {
    if (crypto || day.weekday) dayIndexes.push(i);
  });
  let factorVariance = 0;
  for (const [name, beta] of Object.entries(spec.beta)) factorVariance += (beta * FACTORS[name].vol) ** 2;
  const ownVol = Math.sqrt(Math.max(spec.vol ** 2 - factorVariance, 0.02 ** 2));
  const step = ownVol / Math.sqrt(crypto ? 365 : 252);
  const normal = createNormal(seedOf(spec.symbol, seed));

  const path = new Float64Array(dayIndexes.length);
  let own = 0;
  dayIndexes.forEach((dayIndex, k) => {
    if (k > 0) own += step * normal();
    let level = own;
    for (const [name, beta] of Object.entries(spec.beta)) level += beta * factors[name][dayIndex];
    path[k] = level;
  });
  const days = dayIndexes.map((i) => calendar[i].date);
  // Anchors are quoted closes: in the path's unsplit units they are × the splits before them.
  const anchors = spec.anchors.map(([date, close]) => [date, Math.log(close * splitFactor(spec.symbol, date))]);
  const pinned = pinToAnchors(path, days, anchors, spec.symbol);
  return days.map((date, k) => {
    const close = (Math.exp(pinned[k]) / splitFactor(spec.symbol, date)).toFixed(2);
    if (!(Number(close) > 0)) throw new Error(`${spec.symbol}: close ${close} on ${date} is not positive`);
    return { date, close };
  });
}

function makeFx(calendar, seed) {
  const weekdays = calendar.filter((day) => day.weekday).map((day) => day.date);
  const step = (vol) => vol / Math.sqrt(252);
  const dollar = createNormal(seedOf('fx:dollar', seed));
  const shared = new Float64Array(weekdays.length);
  for (let k = 1; k < weekdays.length; k++) shared[k] = shared[k - 1] + step(DOLLAR_VOL) * dollar();
  return FX_SERIES.map((series) => {
    const normal = createNormal(seedOf(`fx:${series.base}${series.quote}`, seed));
    const ownStep = step(Math.sqrt(FX_VOL ** 2 - DOLLAR_VOL ** 2));
    const path = new Float64Array(weekdays.length);
    let own = 0;
    for (let k = 0; k < weekdays.length; k++) {
      if (k > 0) own += ownStep * normal();
      path[k] = own + shared[k];
    }
    const anchors = series.anchors.map(([date, rate]) => [date, Math.log(rate)]);
    const pinned = pinToAnchors(path, weekdays, anchors, `${series.base}${series.quote}`);
    return { ...series, rates: weekdays.map((date, k) => ({ date, rate: Math.exp(pinned[k]).toFixed(6) })) };
  });
}

// ---------------------------------------------------------------------------------------------
// Exact money for the portfolios: integers of cents (2 places) and quantity units (4 places).

const QTY = 10_000;

function cents(text) {
  const match = /^(\d+)\.(\d{2})$/.exec(text);
  if (match === null) throw new Error(`not a 2-decimal amount: ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}
const money = (value) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
function quantity(units) {
  const whole = Math.floor(units / QTY);
  const fraction = units % QTY;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(4, '0').replace(/0+$/, '')}`;
}
/** a × b / c rounded half up, exactly (BigInt), for non-negative integers. */
function mulDiv(a, b, c) {
  const product = BigInt(a) * BigInt(b);
  return Number((product * 2n + BigInt(c)) / (2n * BigInt(c)));
}

const TX_HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Builds one portfolio's transactions. Calls may come in any order: they are queued, sorted by
 * date (stable, so same-day rows keep their order) and replayed, checking as they go what the
 * tests check again: trade prices are the fixture closes, no sell exceeds the holding, no
 * cash balance goes negative.
 */
function createPortfolio(market, what) {
  const queue = [];
  const held = new Map(); // symbol -> quantity units
  const cash = new Map(); // currency -> cents
  const holding = (symbol) => held.get(symbol) ?? 0;
  const addCash = (currency, delta, date) => {
    const balance = (cash.get(currency) ?? 0) + delta;
    if (balance < 0) throw new Error(`${what}: ${currency} cash would go negative on ${date}`);
    cash.set(currency, balance);
  };
  const currencyOf = (symbol) => market.instrument(symbol).currency;
  const at = (date, run) => {
    if (!market.isWeekday(date) || date > END) throw new Error(`${what}: ${date} is not a weekday in range`);
    queue.push({ date, run });
  };
  /** On a split date the order of the split and a trade or dividend would matter: keep them apart. */
  const notOnSplitDate = (symbol, date) => {
    if (SPLITS.some((split) => split.symbol === symbol && split.date === date))
      throw new Error(`${what}: nothing but the split for ${symbol} on its split date ${date}`);
  };
  const recordedSplits = new Set(); // `${symbol} ${date}` of every split row
  const trade = (date, type, symbol, units, fee, note) => {
    notOnSplitDate(symbol, date);
    at(date, () => {
      const price = market.close(symbol, date);
      const currency = currencyOf(symbol);
      const value = mulDiv(units, cents(price), QTY);
      if (type === 'buy') {
        addCash(currency, -(value + fee), date);
        held.set(symbol, holding(symbol) + units);
      } else {
        if (units > holding(symbol)) throw new Error(`${what}: sells more ${symbol} than held on ${date}`);
        addCash(currency, value - fee, date);
        held.set(symbol, holding(symbol) - units);
      }
      return { date, type, symbol, quantity: quantity(units), price, fee: fee === 0 ? null : money(fee), currency, note };
    });
  };
  /** Every split of a symbol held on its date must be recorded, or the holding would be valued wrong. */
  const splitsBefore = (date) =>
    SPLITS.filter((split) => split.date <= date && !checkedSplits.has(split)).forEach((split) => {
      checkedSplits.add(split);
      if (holding(split.symbol) > 0 && !recordedSplits.has(`${split.symbol} ${split.date}`))
        throw new Error(`${what}: holds ${split.symbol} on ${split.date} but records no split`);
    });
  const checkedSplits = new Set();
  return {
    close: (symbol, date) => market.close(symbol, date),
    deposit(date, currency, amount, note = null) {
      at(date, () => {
        addCash(currency, amount, date);
        return { date, type: 'deposit', amount: money(amount), currency, note };
      });
    },
    fee(date, currency, amount, note = null) {
      at(date, () => {
        addCash(currency, -amount, date);
        return { date, type: 'fee', amount: money(amount), currency, note };
      });
    },
    /** A buy or sell of `units` (1/10,000 shares) at the close of `date`, `fee` in cents. */
    trade: (date, type, symbol, units, fee = 0, note = null) => trade(date, type, symbol, units, fee, note),
    buy: (date, symbol, shares, fee = 0, note = null) => trade(date, 'buy', symbol, shares * QTY, fee, note),
    sell: (date, symbol, shares, fee = 0, note = null) => trade(date, 'sell', symbol, shares * QTY, fee, note),
    /** A dividend of `perShare` cents per share held then, less `withholding` (a fraction) in the fee column. */
    dividend(date, symbol, perShare, withholding = 0, note = null) {
      notOnSplitDate(symbol, date);
      at(date, () => {
        const amount = mulDiv(holding(symbol), perShare, QTY);
        if (amount === 0) throw new Error(`${what}: no ${symbol} held for a dividend on ${date}`);
        const tax = Math.round(amount * withholding);
        const currency = currencyOf(symbol);
        addCash(currency, amount - tax, date);
        return { date, type: 'dividend', symbol, amount: money(amount), fee: tax === 0 ? null : money(tax), currency, note };
      });
    },
    split(date, symbol, ratio) {
      if (!SPLITS.some((split) => split.symbol === symbol && split.date === date && split.ratio === ratio))
        throw new Error(`${what}: ${symbol} has no ${ratio}-for-1 split on ${date} in SPLITS`);
      recordedSplits.add(`${symbol} ${date}`);
      at(date, () => {
        if (holding(symbol) === 0) throw new Error(`${what}: split of ${symbol} not held on ${date}`);
        held.set(symbol, holding(symbol) * ratio);
        return { date, type: 'split', symbol, quantity: String(ratio), currency: currencyOf(symbol), note: `${ratio}-for-1 split` };
      });
    },
    csv() {
      const ordered = queue.map((entry, seq) => ({ ...entry, seq }));
      ordered.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));
      const lines = ordered.map(({ date, run }) => {
        splitsBefore(date);
        const row = run();
        return [row.date, row.type, row.symbol, row.quantity, row.price, row.amount, row.fee, row.currency, row.note]
          .map(csvField)
          .join(',');
      });
      splitsBefore(END);
      return `${TX_HEADER}\n${lines.join('\n')}\n`;
    },
  };
}

/** The first (or last) weekday of a month. */
function weekdayOfMonth(year, month, last = false) {
  let ms = last ? Date.UTC(year, month, 0) : Date.UTC(year, month - 1, 1);
  for (;;) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return isoDate(ms);
    ms += last ? -DAY_MS : DAY_MS;
  }
}

/** Index investor (USD): 1,000 a month into VTI/BND 80/20, VTI dividends, a yearly fee. */
function indexInvestor(market) {
  const p = createPortfolio(market, 'index-investor');
  for (let year = 2016; year <= 2026; year++) {
    for (let month = 1; month <= 12; month++) {
      if (year === 2026 && month > 10) break;
      const date = weekdayOfMonth(year, month);
      p.deposit(date, 'USD', 100_000, 'monthly savings');
      // Whole 1/10,000 units that cost at most the budget: floor(budget / price).
      const vti = Math.floor((80_000 * QTY) / cents(p.close('VTI', date)));
      const bnd = Math.floor((20_000 * QTY) / cents(p.close('BND', date)));
      p.trade(date, 'buy', 'VTI', vti, 0, 'monthly plan 80%');
      p.trade(date, 'buy', 'BND', bnd, 0, 'monthly plan 20%');
      if (month === 1 && year >= 2017) p.fee(date, 'USD', 2_500, 'annual account fee');
      if (month % 3 === 0) {
        // About 1.7% a year: 0.42% of the price a quarter, in whole cents per share.
        const payDate = weekdayOfMonth(year, month, true);
        const perShare = Math.round((cents(p.close('VTI', payDate)) * 42) / 10_000);
        p.dividend(payDate, 'VTI', perShare, 0, `quarterly dividend ${money(perShare)} per share`);
      }
    }
  }
  return p.csv();
}

/** Stock picker (USD): single stocks, partial sells, a sell-everything-then-rebuy, every split held. */
function stockPicker(market) {
  const p = createPortfolio(market, 'stock-picker');
  const fee = 495;
  p.deposit('2015-01-05', 'USD', 6_000_000, 'opening deposit');
  p.buy('2015-01-06', 'AAPL', 100, fee);
  p.buy('2015-01-06', 'MSFT', 120, fee);
  p.buy('2015-02-02', 'JPM', 100, fee);
  p.buy('2015-03-02', 'XOM', 80, fee);
  p.buy('2015-06-01', 'NVDA', 300, fee);
  p.buy('2015-09-01', 'AMZN', 15, fee);
  p.buy('2016-02-01', 'GOOGL', 10, fee);
  p.buy('2016-06-01', 'KO', 100, fee);
  p.dividend('2016-12-15', 'KO', 35);
  p.sell('2017-03-01', 'AAPL', 40, fee, 'trim the winner');
  p.sell('2018-01-02', 'NVDA', 100, fee, 'take some profit');
  p.buy('2018-06-01', 'JNJ', 40, fee);
  p.dividend('2018-12-11', 'JNJ', 90);
  p.sell('2019-04-01', 'XOM', 80, fee, 'sold the whole position');
  p.buy('2020-03-23', 'AAPL', 30, fee, 'bought the dip');
  p.split('2020-08-31', 'AAPL', 4);
  p.buy('2020-11-02', 'XOM', 150, fee, 'back into XOM');
  p.dividend('2021-03-10', 'XOM', 87);
  p.split('2021-07-20', 'NVDA', 4);
  p.sell('2021-11-01', 'MSFT', 50, fee);
  p.split('2022-06-06', 'AMZN', 20);
  p.split('2022-07-18', 'GOOGL', 20);
  p.buy('2022-10-03', 'NVDA', 100, fee, 'adding after the fall');
  p.sell('2023-05-01', 'KO', 100, fee, 'exit consumer staples');
  p.dividend('2023-12-12', 'JPM', 105);
  p.sell('2024-03-01', 'NVDA', 200, fee);
  p.split('2024-06-10', 'NVDA', 10);
  p.buy('2025-04-07', 'AMZN', 50, fee, 'tariff sell-off');
  p.sell('2026-02-02', 'JPM', 50, fee);
  p.sell('2026-09-01', 'AAPL', 100, fee);
  return p.csv();
}

/** Multi-currency (base EUR): EUR/USD/GBP cash, instruments in their own currencies, EUR and GBP dividends. */
function multiCurrency(market) {
  const p = createPortfolio(market, 'multi-currency');
  p.deposit('2016-01-04', 'EUR', 2_000_000, 'opening deposit');
  p.deposit('2016-01-04', 'USD', 1_500_000, 'USD account');
  p.deposit('2016-01-04', 'GBP', 1_200_000, 'transfer from UK account');
  p.buy('2016-01-05', 'SAP.DE', 60, 900);
  p.buy('2016-01-05', 'VWRL.L', 80, 595);
  p.buy('2016-01-05', 'VTI', 40, 495);
  p.buy('2016-02-01', 'ASML.AS', 30, 900);
  p.buy('2016-02-01', 'ULVR.L', 60, 595);
  p.buy('2016-03-01', 'SIE.DE', 25, 900);
  p.buy('2016-04-01', 'AZN.L', 40, 595);
  p.buy('2016-06-01', 'AAPL', 20, 495);
  for (let year = 2016; year <= 2026; year++) {
    if (year >= 2017) {
      const date = weekdayOfMonth(year, 2);
      p.deposit(date, 'EUR', 500_000, 'yearly top-up');
      p.buy(date, year % 2 === 0 ? 'SAP.DE' : 'SIE.DE', 10, 900);
      p.deposit(date, 'USD', 200_000, 'yearly top-up');
      p.buy(date, 'VTI', Math.floor(180_000 / cents(p.close('VTI', date))), 495);
    }
    for (const month of [3, 6, 9, 12]) {
      const date = weekdayOfMonth(year, month, true);
      if (date > END) continue;
      p.dividend(date, 'ULVR.L', Math.round((cents(p.close('ULVR.L', date)) * 9) / 1_000), 0, 'quarterly dividend');
    }
    const sapDate = weekdayOfMonth(year, 5);
    p.dividend(sapDate, 'SAP.DE', Math.round((cents(p.close('SAP.DE', sapDate)) * 15) / 1_000), 0.26375, 'German withholding tax in fee');
    const aznDate = weekdayOfMonth(year, 9, true);
    p.dividend(aznDate, 'AZN.L', Math.round((cents(p.close('AZN.L', aznDate)) * 22) / 1_000), 0, 'interim dividend');
    const aaplDate = weekdayOfMonth(year, 8);
    p.dividend(aaplDate, 'AAPL', Math.round((cents(p.close('AAPL', aaplDate)) * 5) / 1_000), 0.15, 'US withholding tax in fee');
    if (year % 3 === 0) p.buy(weekdayOfMonth(year, 11), 'VWRL.L', 10, 595, 'reinvest GBP dividends');
  }
  p.split('2020-08-31', 'AAPL', 4);
  p.sell('2021-11-18', 'ASML.AS', 10, 900, 'trim after the run-up');
  return p.csv();
}

// ---------------------------------------------------------------------------------------------
// Files

function csv(header, rows) {
  return `${header}\n${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

/** Every fixture file: a Map from its path under fixtures/ to its text. */
export function generateFixtures(seed = SEED) {
  const calendar = makeCalendar();
  const factors = makeFactors(calendar, seed);
  const instruments = [...INSTRUMENTS].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const closes = new Map();
  const priceLines = [];
  const stats = [];
  for (const spec of instruments) {
    const prices = makePrices(spec, calendar, factors, seed);
    closes.set(spec.symbol, new Map(prices.map(({ date, close }) => [date, close])));
    for (const { date, close } of prices) priceLines.push(`${spec.symbol},${date},${close},${spec.currency}`);
    stats.push({ spec, prices });
  }
  const weekdays = new Set(calendar.filter((day) => day.weekday).map((day) => day.date));
  const bySymbol = new Map(instruments.map((spec) => [spec.symbol, spec]));
  const market = {
    isWeekday: (date) => weekdays.has(date),
    instrument(symbol) {
      const spec = bySymbol.get(symbol);
      if (spec === undefined) throw new Error(`unknown instrument ${symbol}`);
      return spec;
    },
    close(symbol, date) {
      const close = closes.get(symbol)?.get(date);
      if (close === undefined) throw new Error(`no ${symbol} close on ${date}`);
      return close;
    },
  };

  const fx = makeFx(calendar, seed);
  const splits = [...SPLITS].sort((a, b) => (a.symbol === b.symbol ? (a.date < b.date ? -1 : 1) : a.symbol < b.symbol ? -1 : 1));
  const files = new Map([
    ['instruments.csv', csv('symbol,name,class,sector,currency', instruments.map((i) => [i.symbol, i.name, i.class, i.sector, i.currency]))],
    ['prices.csv', `symbol,date,close,currency\n${priceLines.join('\n')}\n`],
    ['splits.csv', csv('symbol,date,ratio', splits.map((s) => [s.symbol, s.date, String(s.ratio)]))],
    ['fx.csv', csv('base,quote,date,rate', fx.flatMap((series) => series.rates.map((r) => [series.base, series.quote, r.date, r.rate])))],
    ['portfolios/index-investor.csv', indexInvestor(market)],
    ['portfolios/stock-picker.csv', stockPicker(market)],
    ['portfolios/multi-currency.csv', multiCurrency(market)],
  ]);
  return { files, stats };
}

function printStats(stats) {
  for (const { spec, prices } of stats) {
    const returns = [];
    let min = Infinity;
    let max = -Infinity;
    for (let k = 1; k < prices.length; k++) {
      const ratio = splitFactor(spec.symbol, prices[k].date) / splitFactor(spec.symbol, prices[k - 1].date);
      returns.push(Math.log((Number(prices[k].close) * ratio) / Number(prices[k - 1].close)));
    }
    for (const { close } of prices) {
      min = Math.min(min, Number(close));
      max = Math.max(max, Number(close));
    }
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
    const vol = Math.sqrt(variance * (spec.class === 'crypto' ? 365 : 252));
    const worst = Math.min(...returns);
    const best = Math.max(...returns);
    process.stderr.write(
      `${spec.symbol.padEnd(8)} vol ${vol.toFixed(3)} (target ${spec.vol}) min ${min} max ${max} ` +
        `first ${prices[0].close} last ${prices[prices.length - 1].close} worst day ${worst.toFixed(3)} best ${best.toFixed(3)}\n`,
    );
  }
}

export function writeFixtures(outDir, seed = SEED) {
  const { files, stats } = generateFixtures(seed);
  for (const [path, text] of files) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return { files, stats };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, seed: { type: 'string' }, stats: { type: 'boolean' } } });
  const outDir = values.out ?? fileURLToPath(new URL('../fixtures', import.meta.url));
  const seed = values.seed === undefined ? SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number (got ${values.seed})`);
  const { files, stats } = writeFixtures(outDir, seed);
  if (values.stats) printStats(stats);
  process.stderr.write(`wrote ${files.size} files to ${outDir}\n`);
}
