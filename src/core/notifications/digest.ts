import { dec, decFixed, decString, ZERO } from '../decimal.js';
import type { DigestFrequency } from './schedule.js';
import type { Figure } from './types.js';

/** A portfolio's line in a digest: its value now and at the comparison date (null when it cannot be valued then). */
export interface DigestLine {
  portfolio: string;
  currency: string;
  value: string | null;
  previousValue: string | null;
  error?: string;
}

export interface DigestMessage {
  subject: string;
  body: string;
  figures: Figure[];
}

/** The "portfolio update" digest: each portfolio's value and its change over the period. Pure. */
export function composeDigest(frequency: DigestFrequency, asOf: string, since: string, lines: DigestLine[]): DigestMessage {
  const figures: Figure[] = [];
  for (const line of lines) {
    if (line.value === null) {
      figures.push({ label: line.portfolio, value: `not valued (${line.error ?? 'no prices'})` });
      continue;
    }
    let change = '';
    if (line.previousValue !== null) {
      const before = dec(line.previousValue);
      const delta = dec(line.value).minus(before);
      const amount = decString(delta);
      const pct = before.gt(ZERO) ? ` (${delta.gte(ZERO) ? '+' : ''}${decFixed(delta.div(before).times(dec('100')), 2)}%)` : '';
      change = `, ${amount.startsWith('-') ? amount : `+${amount}`} ${line.currency}${pct} since ${since}`;
    }
    figures.push({ label: line.portfolio, value: `${line.value} ${line.currency}${change}` });
  }
  const title = frequency === 'daily' ? 'Daily' : 'Weekly';
  return {
    subject: `${title} portfolio update for ${asOf}`,
    body: lines.length === 0 ? `You have no portfolios yet (as of ${asOf}).` : `Your portfolios at the closes of ${asOf}, compared with ${since}.`,
    figures,
  };
}
