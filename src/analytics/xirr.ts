import { daysBetween } from './calendar.js';
import { finiteOrNull } from './statistics.js';

/** A dated amount: negative is money paid in (invested), positive is money taken out. */
export interface Cashflow {
  date: string;
  amount: number;
}

interface Term {
  amount: number;
  /** Years from the earliest flow, actual/365. */
  years: number;
}

const NEWTON_GUESS = 0.1;
const NEWTON_MAX_STEPS = 100;
const TOLERANCE = 1e-12;
// The fallback scans ln(1 + rate) from 1 + rate = e^-40 (a total loss) to e^700 (near the
// double limit) for a sign change of the net present value.
const SCAN_FROM = -40;
const SCAN_TO = 700;
const SCAN_STEP = 0.05;

/**
 * Money-weighted return: the annual rate r at which Σ amount × (1 + r)^(−years) = 0, with years
 * counted actual/365 from the earliest flow (as spreadsheet XIRR does). Newton's method from
 * 10% first; if it fails, a scan for a sign change of the present value and bisection.
 * Null when there is no rate: no money both in and out, all flows on one day, or no root found.
 */
export function xirr(cashflows: readonly Cashflow[]): number | null {
  const flows = cashflows.filter((flow) => flow.amount !== 0);
  if (!flows.some((f) => f.amount > 0) || !flows.some((f) => f.amount < 0)) return null;
  const origin = flows.reduce((earliest, f) => (f.date < earliest ? f.date : earliest), flows[0]!.date);
  const terms = flows.map((f) => ({ amount: f.amount, years: daysBetween(origin, f.date) / 365 }));
  if (terms.every((t) => t.years === 0)) return null;
  return newton(terms) ?? bracketAndBisect(terms);
}

function presentValue(terms: readonly Term[], rate: number): number {
  let total = 0;
  for (const t of terms) total += t.amount * (1 + rate) ** -t.years;
  return total;
}

function presentValueSlope(terms: readonly Term[], rate: number): number {
  let total = 0;
  for (const t of terms) total -= t.years * t.amount * (1 + rate) ** (-t.years - 1);
  return total;
}

function newton(terms: readonly Term[]): number | null {
  let rate = NEWTON_GUESS;
  for (let step = 0; step < NEWTON_MAX_STEPS; step++) {
    const value = presentValue(terms, rate);
    const slope = presentValueSlope(terms, rate);
    if (!Number.isFinite(value) || !Number.isFinite(slope) || slope === 0) return null;
    const next = rate - value / slope;
    if (!(next > -1)) return null; // stepped out of the domain: leave it to the bracketing
    if (Math.abs(next - rate) <= TOLERANCE * Math.max(1, Math.abs(next))) return finiteOrNull(next);
    rate = next;
  }
  return null;
}

/** Present value as a function of g = ln(1 + rate): smooth over the whole domain rate > −1. */
function presentValueAtLog(terms: readonly Term[], g: number): number {
  let total = 0;
  for (const t of terms) total += t.amount * Math.exp(-g * t.years);
  return total;
}

function bracketAndBisect(terms: readonly Term[]): number | null {
  const bracket = nearestSignChange(terms);
  if (bracket === null) return null;
  let [low, high] = bracket;
  const lowSign = Math.sign(presentValueAtLog(terms, low));
  for (let step = 0; step < 200 && high - low > TOLERANCE * Math.max(1, Math.abs(low)); step++) {
    const middle = (low + high) / 2;
    const sign = Math.sign(presentValueAtLog(terms, middle));
    if (sign === 0) return finiteOrNull(Math.expm1(middle));
    if (sign === lowSign) low = middle;
    else high = middle;
  }
  return finiteOrNull(Math.expm1((low + high) / 2));
}

/** The scan interval whose present values change sign, closest to a 0% rate (g = 0). */
function nearestSignChange(terms: readonly Term[]): [number, number] | null {
  let best: [number, number] | null = null;
  let previous: { g: number; value: number } | null = null;
  for (let g = SCAN_FROM; g <= SCAN_TO; g += SCAN_STEP) {
    const value = presentValueAtLog(terms, g);
    if (!Number.isFinite(value)) {
      previous = null;
      continue;
    }
    const candidate: [number, number] | null =
      value === 0 ? [g, g] : previous && Math.sign(previous.value) !== Math.sign(value) ? [previous.g, g] : null;
    if (candidate && (best === null || distanceFromZero(candidate) < distanceFromZero(best))) best = candidate;
    previous = { g, value };
  }
  return best;
}

function distanceFromZero([low, high]: [number, number]): number {
  return Math.abs((low + high) / 2);
}
