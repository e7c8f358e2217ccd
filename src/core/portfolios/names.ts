import { usageError } from '../errors.js';
import { controlCharacterProblem } from '../text.js';

export const MAX_NAME_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 500;

/**
 * Portfolio names: 1–64 characters after trimming, no `/` (it separates owner and name in
 * `owner@example.com/NAME`), no control characters, and not starting with `-` (it would read as a flag).
 * Names are case-sensitive and unique per owner.
 */
export function validatePortfolioName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw usageError('A portfolio name must not be empty.', 'bad_name');
  if (name.length > MAX_NAME_LENGTH) {
    throw usageError(`A portfolio name may have at most ${MAX_NAME_LENGTH} characters.`, 'bad_name');
  }
  if (name.includes('/')) throw usageError(`"${name}": a portfolio name must not contain "/".`, 'bad_name');
  if (name.startsWith('-')) throw usageError(`"${name}": a portfolio name must not start with "-".`, 'bad_name');
  const problem = controlCharacterProblem('A portfolio name', name, 'none');
  if (problem) throw usageError(`${problem}.`, 'bad_name');
  return name;
}

/** A three-letter ISO 4217 code, upper-cased (`usd` → `USD`). */
export function validateCurrency(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    throw usageError(`"${raw}" is not a currency: use a three-letter ISO code such as USD or EUR.`, 'bad_currency');
  }
  return code;
}

/** Trimmed; empty means none. */
export function validateDescription(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  if (text === '') return null;
  const problem = controlCharacterProblem('The description', text);
  if (problem) throw usageError(`${problem}.`, 'bad_description');
  if (text.length > MAX_DESCRIPTION_LENGTH) {
    throw usageError(`A description may have at most ${MAX_DESCRIPTION_LENGTH} characters.`, 'bad_description');
  }
  return text;
}
