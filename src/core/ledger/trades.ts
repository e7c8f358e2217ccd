import { InsufficientHoldingsError } from './insufficient-holdings.js';
import { digits, type Digits } from './fixed-point.js';
import { addCash, holdingOf, incomeOf, need, openCost, shares, type Holding, type LedgerBook } from './ledger-book.js';
import type { OpenLot } from './lots.js';
import { ratioOf, splitPrice, splitUnits } from './split-ratio.js';
import type { LedgerEntry } from './types.js';

/** Quantity, price and fee of a buy or sell, at a scale that holds quantity × price exactly. */
function trade(book: LedgerBook, entry: LedgerEntry): { quantity: bigint; gross: bigint; fee: bigint } {
  const { scale } = book;
  const q = digits(need(entry.quantity, 'quantity', entry));
  const p = digits(need(entry.price, 'price', entry));
  const f: Digits | null = entry.fee === null ? null : digits(entry.fee);
  scale.ensure(Math.max(q.places + p.places, f === null ? 0 : f.places));
  const parsed = book.lastTrade;
  parsed.quantity = q;
  parsed.price = p;
  parsed.fee = f;
  return { quantity: scale.value(q), gross: scale.product(q, p), fee: f === null ? 0n : scale.value(f) };
}

/** A buy (with `cash`) or a transfer-in (shares delivered, no cash): a new lot. */
export function buy(book: LedgerBook, entry: LedgerEntry, cash: boolean): void {
  const symbol = need(entry.symbol, 'symbol', entry);
  const { quantity, gross, fee } = trade(book, entry);
  const cost = gross + fee;

  const h = holdingOf(book, symbol, entry.currency);
  if (!h.bought) {
    h.bought = true;
    h.currency = entry.currency;
  }
  const units = h.den === 1n ? quantity : quantity * h.den;
  h.quantity += units;
  if (!book.fifo) h.costBasis += cost;
  h.lots.push({ date: entry.date, currency: entry.currency, bought: units, remaining: units, cost });
  h.tradePrice = entry.price;
  h.tradeCurrency = entry.currency;

  if (cash) addCash(book, entry.currency, -cost);
  if (fee !== 0n) incomeOf(book, entry.currency).tradeFees += fee;
}

/** A sell (with `cash`) or a transfer-out: units leave oldest lot first; realises proceeds − cost. */
export function sell(book: LedgerBook, entry: LedgerEntry, cash: boolean): void {
  const symbol = need(entry.symbol, 'symbol', entry);
  const { quantity: sold, gross, fee } = trade(book, entry);
  const { scale } = book;
  const h = book.holdings.get(symbol);
  const held = h === undefined ? 0n : h.quantity;
  const quantity = h === undefined || h.den === 1n ? sold : sold * h.den;
  if (h === undefined || quantity > held) {
    throw new InsufficientHoldingsError(symbol, entry.date, h ? shares(scale, h, held) : '0', scale.format(sold), cash ? 'sell' : 'transfer-out');
  }
  const proceeds = gross - fee;
  h.proceeds += proceeds;
  h.tradePrice = entry.price;
  h.tradeCurrency = entry.currency;

  const costSold = quantity === held ? sellEverything(book, h) : book.fifo ? sellFromLots(book, h, quantity) : sellAtAverage(book, h, quantity);
  if (book.trackSales) {
    book.lastSale.cost = costSold;
    book.lastSale.places = scale.places;
  }

  if (cash) addCash(book, entry.currency, proceeds);
  if (fee !== 0n) incomeOf(book, entry.currency).tradeFees += fee;
}

/** FIFO with trackSales: the oldest lot before the sale (the rest of its cost was counted earlier), else null. */
function saleHead(book: LedgerBook, h: Holding): OpenLot | null {
  return book.fifo && book.trackSales ? h.lots.peek() : null;
}

/** The open cost of the sale's head lot: remembered from the last sell when it is still as that sell left it. */
function openBeforeSale(book: LedgerBook, head: OpenLot | null): bigint {
  if (head === null) return 0n;
  const { known } = book;
  return head === known.lot && head.remaining === known.remaining ? known.open : openCost(book.scale, head);
}

/** The last units take the whole remaining cost: no rounding dust is left behind. Returns the cost of the units sold. */
function sellEverything(book: LedgerBook, h: Holding): bigint {
  const head = saleHead(book, h);
  const headOpen = openBeforeSale(book, head);
  const lotsCost = h.lots.takeAll();
  const costSold = book.fifo ? lotsCost - (head === null ? 0n : head.cost - headOpen) : h.costBasis;
  h.soldCost += book.fifo ? lotsCost : h.costBasis;
  h.costBasis = 0n;
  h.quantity = 0n;
  return costSold;
}

/** FIFO, part of the holding: lots used up whole add their cost; a lot used in part only loses units. */
function sellFromLots(book: LedgerBook, h: Holding, quantity: bigint): bigint {
  const head = saleHead(book, h);
  const headOpen = openBeforeSale(book, head);
  const usedUp = h.lots.take(quantity);
  h.soldCost += usedUp;
  h.quantity -= quantity;
  if (head === null) return 0n;
  const partial = h.lots.partial;
  const left = partial === null ? 0n : remember(book, partial, openCost(book.scale, partial));
  if (partial === head) return headOpen - left;
  return usedUp - (head.cost - headOpen) + (partial === null ? 0n : partial.cost - left);
}

function remember(book: LedgerBook, lot: OpenLot, open: bigint): bigint {
  const { known } = book;
  known.lot = lot;
  known.remaining = lot.remaining;
  known.open = open;
  return open;
}

/** Average cost, part of the holding: cost basis × sold / held, rounded to 10 places. */
function sellAtAverage(book: LedgerBook, h: Holding, quantity: bigint): bigint {
  const costSold = book.scale.mulDiv(h.costBasis, quantity, h.quantity);
  h.soldCost += costSold;
  h.costBasis -= costSold;
  h.quantity -= quantity;
  h.lots.take(quantity);
  return costSold;
}

/** A split of a symbol not held changes nothing. Costs never change (unit costs ÷ ratio). */
export function split(book: LedgerBook, entry: LedgerEntry): void {
  const symbol = need(entry.symbol, 'symbol', entry);
  const ratio = ratioOf(need(entry.quantity, 'ratio (quantity)', entry));
  const h = book.holdings.get(symbol);
  if (h === undefined || h.lots.isEmpty) return;
  splitUnits(h, h.lots.open(), ratio);
  if (h.tradePrice !== null) h.tradePrice = splitPrice(h.tradePrice, ratio);
}
