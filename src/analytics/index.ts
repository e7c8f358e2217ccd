export {
  finiteOrNull,
  mean,
  populationStdev,
  populationVariance,
  sampleCovariance,
  sampleStdev,
  sampleVariance,
  sum,
} from './statistics.js';
export { daysBetween } from './calendar.js';
export { annualize, dailyReturns, periodReturn, twr, twrIndex, type DailyReturn, type IndexPoint, type ValuationDay } from './returns.js';
export { xirr, type Cashflow } from './xirr.js';
export {
  alignReturns,
  beta,
  correlation,
  downsideDeviation,
  drawdownSeries,
  maxDrawdown,
  sharpe,
  sortino,
  volatility,
  type DrawdownPoint,
  type MaxDrawdown,
} from './risk.js';
export {
  bollinger,
  ema,
  macd,
  rsi,
  sma,
  type BollingerPoint,
  type Close,
  type IndicatorPoint,
  type MacdPoint,
} from './indicators.js';
