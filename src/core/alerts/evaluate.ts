import { dec, decFixed, decString, ONE, ZERO } from '../decimal.js';
import type { Figure } from '../notifications/types.js';
import type { Alert, AlertState, Observation } from './types.js';

/** The message of a fired alert: a subject line, one sentence, and the key figures. */
export interface AlertMessage {
  subject: string;
  body: string;
  figures: Figure[];
}

export interface AlertDecision {
  fire: boolean;
  /** The alert's state after this evaluation. */
  state: AlertState;
  baseline: string | null;
  /** The value seen (a close, a move or change as a fraction, a drift fraction), for `alerts list`. */
  lastValue: string;
  message: AlertMessage | null;
}

const HUNDRED = dec('100');
const percentText = (fraction: string) => `${decFixed(dec(fraction).times(HUNDRED), 2)}%`;
const signed = (text: string) => (text.startsWith('-') ? text : `+${text}`);

/**
 * Evaluates one alert against an observation. Pure. An alert fires once per crossing: when armed
 * and its condition holds it fires and becomes `fired`; it re-arms only when a later evaluation
 * finds the condition cleared.
 *
 * - price-above: close ≥ threshold · price-below: close ≤ threshold.
 * - move: |close / previous close − 1| ≥ threshold %.
 * - drift: the largest |weight − target| ≥ threshold percentage points.
 * - portfolio-change: |value / baseline − 1| ≥ threshold %, the baseline being the value at the
 *   last update (the alert's first evaluation, then each time it fires). It has no fired state:
 *   firing moves the baseline, so the next notification needs another change of X% from there.
 */
export function evaluateAlert(alert: Alert, observation: Observation): AlertDecision {
  const threshold = dec(alert.threshold);
  const crossing = (holds: boolean, lastValue: string, message: () => AlertMessage): AlertDecision => {
    if (!holds) return { fire: false, state: 'armed', baseline: alert.baseline, lastValue, message: null };
    if (alert.state === 'fired') return { fire: false, state: 'fired', baseline: alert.baseline, lastValue, message: null };
    return { fire: true, state: 'fired', baseline: alert.baseline, lastValue, message: message() };
  };

  switch (observation.kind) {
    case 'price': {
      const close = dec(observation.close);
      const above = alert.type === 'price-above';
      const holds = above ? close.gte(threshold) : close.lte(threshold);
      const word = above ? 'above' : 'below';
      return crossing(holds, observation.close, () => ({
        subject: `${observation.symbol} closed at ${observation.close} ${observation.currency}, ${word} ${alert.threshold}`,
        body: `${observation.symbol} closed at ${observation.close} ${observation.currency} on ${observation.date}, ${above ? 'at or above' : 'at or below'} your alert level of ${alert.threshold}.`,
        figures: [
          { label: 'Symbol', value: observation.symbol },
          { label: 'Close', value: `${observation.close} ${observation.currency}` },
          { label: 'Alert level', value: `${word} ${alert.threshold}` },
          { label: 'Date', value: observation.date },
        ],
      }));
    }
    case 'move': {
      const previous = dec(observation.previousClose);
      const move = previous.gt(ZERO) ? dec(observation.close).div(previous).minus(ONE) : ZERO;
      const holds = move.abs().times(HUNDRED).gte(threshold);
      const moveText = signed(percentText(decString(move)));
      return crossing(holds, decString(move), () => ({
        subject: `${observation.symbol} moved ${moveText} on ${observation.date}`,
        body: `${observation.symbol} closed at ${observation.close} ${observation.currency} on ${observation.date}, ${moveText} from ${observation.previousClose} on ${observation.previousDate}: beyond your ±${alert.threshold}% alert.`,
        figures: [
          { label: 'Symbol', value: observation.symbol },
          { label: 'Move', value: moveText },
          { label: 'Close', value: `${observation.close} ${observation.currency}` },
          { label: 'Previous close', value: `${observation.previousClose} (${observation.previousDate})` },
          { label: 'Alert level', value: `±${alert.threshold}%` },
        ],
      }));
    }
    case 'drift': {
      const points = Math.abs(observation.drift) * 100;
      const holds = points >= Number(alert.threshold);
      const driftText = `${observation.drift > 0 ? '+' : ''}${(observation.drift * 100).toFixed(1)} pp`;
      return crossing(holds, String(observation.drift), () => ({
        subject: `${observation.portfolio} drifted ${driftText} from its targets (${observation.key})`,
        body: `${observation.portfolio} on ${observation.date}: ${observation.key} is ${(observation.weight * 100).toFixed(1)}% of the value against a target of ${(observation.target * 100).toFixed(1)}%, beyond your ${alert.threshold} pp drift alert.`,
        figures: [
          { label: 'Portfolio', value: observation.portfolio },
          { label: 'Largest drift', value: `${observation.key} ${driftText}` },
          { label: 'Weight', value: `${(observation.weight * 100).toFixed(1)}%` },
          { label: 'Target', value: `${(observation.target * 100).toFixed(1)}%` },
          { label: 'Alert level', value: `${alert.threshold} pp` },
        ],
      }));
    }
    case 'portfolio': {
      const value = dec(observation.value);
      if (alert.baseline === null || dec(alert.baseline).lte(ZERO)) {
        return { fire: false, state: 'armed', baseline: observation.value, lastValue: observation.value, message: null };
      }
      const baseline = dec(alert.baseline);
      const change = value.div(baseline).minus(ONE);
      if (change.abs().times(HUNDRED).lt(threshold)) {
        return { fire: false, state: 'armed', baseline: alert.baseline, lastValue: observation.value, message: null };
      }
      const changeText = signed(percentText(decString(change)));
      const amount = signed(decString(value.minus(baseline)));
      return {
        fire: true,
        state: 'armed',
        baseline: observation.value,
        lastValue: observation.value,
        message: {
          subject: `${observation.portfolio} ${changeText}: now ${observation.value} ${observation.currency}`,
          body: `${observation.portfolio} is worth ${observation.value} ${observation.currency} on ${observation.date}, ${changeText} (${amount} ${observation.currency}) since the last update at ${alert.baseline}: beyond your ±${alert.threshold}% alert.`,
          figures: [
            { label: 'Portfolio', value: observation.portfolio },
            { label: 'Value', value: `${observation.value} ${observation.currency}` },
            { label: 'Change', value: `${changeText} (${amount} ${observation.currency})` },
            { label: 'Last update', value: `${alert.baseline} ${observation.currency}` },
            { label: 'Date', value: observation.date },
          ],
        },
      };
    }
  }
}
