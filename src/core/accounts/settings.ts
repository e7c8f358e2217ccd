import * as z from 'zod';
import { parseDecimal } from '../decimal.js';
import { usageError } from '../errors.js';
import { controlCharacterProblem } from '../text.js';
import { SETTING_DEFAULTS } from './setting-defaults.js';

/**
 * Every user setting: its zod schema (which also gives the default), the values allowed, and help
 * text. Stored per user as a JSON object holding only the keys that differ from the default.
 */
interface SettingSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  default: z.infer<S>;
  allowed: string;
  description: string;
  /** Turns the text of `folio settings set KEY VALUE` into the value the schema checks. */
  fromText?: (text: string) => unknown;
}

const spec = <S extends z.ZodType>(s: SettingSpec<S>) => s;
/** Decimals as everywhere else (`parseDecimal`): `Number()` alone would also take `0x1f`, `1e3` and `Infinity`. */
const toNumber = (text: string) => Number(parseDecimal(text) ?? Number.NaN);
const toList = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function isLocale(value: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([value]).length === 1;
  } catch {
    return false;
  }
}

const DATE_TOKENS = /^(?:yyyy|yy|MMMM|MMM|MM|M|dd|d|EEEE|EEE|[\s\-/.,]|'[^']*')+$/;

export const SETTINGS = {
  theme: spec({
    schema: z.enum(['auto', 'dark', 'light', 'none']),
    default: SETTING_DEFAULTS['theme'],
    allowed: 'auto, dark, light, none',
    description: 'Colour palette: tuned for dark or light terminals, or none for plain text',
  }),
  color: spec({
    schema: z.enum(['auto', 'always', 'never']),
    default: SETTING_DEFAULTS['color'],
    allowed: 'auto, always, never',
    description: 'When to colour output (auto: only on a terminal); NO_COLOR always wins',
  }),
  'display.currency': spec({
    schema: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO currency code such as USD'),
    default: SETTING_DEFAULTS['display.currency'],
    allowed: 'an ISO 4217 code such as USD, EUR, GBP',
    description: 'Currency for new portfolios and totals',
    fromText: (text) => text.trim().toUpperCase(),
  }),
  'display.dateFormat': spec({
    schema: z.string().regex(DATE_TOKENS, 'a date-fns pattern made of yyyy, MM, dd, MMM, EEE and separators'),
    default: SETTING_DEFAULTS['display.dateFormat'],
    allowed: 'a date-fns pattern, e.g. yyyy-MM-dd, dd.MM.yyyy, MMM d, yyyy',
    description: 'How dates are shown in tables (JSON and CSV always use yyyy-MM-dd)',
  }),
  'display.decimals': spec({
    schema: z.number().int().min(0).max(8),
    default: SETTING_DEFAULTS['display.decimals'],
    allowed: 'a whole number from 0 to 8',
    description: 'Decimal places for money in tables (JSON and CSV are exact)',
    fromText: toNumber,
  }),
  'display.locale': spec({
    schema: z.string().refine(isLocale, 'a BCP 47 locale such as en-US or de-DE'),
    default: SETTING_DEFAULTS['display.locale'],
    allowed: 'a BCP 47 locale such as en-US, en-GB, de-DE',
    description: 'Number grouping and decimal separator in tables',
  }),
  'costBasis.method': spec({
    schema: z.enum(['fifo', 'average']),
    default: SETTING_DEFAULTS['costBasis.method'],
    allowed: 'fifo, average',
    description: 'How realised gains pick the cost of what was sold',
  }),
  'analytics.riskFreeRate': spec({
    schema: z.number().min(-1).max(1),
    default: SETTING_DEFAULTS['analytics.riskFreeRate'],
    allowed: 'a yearly rate as a fraction from -1 to 1, e.g. 0.03',
    description: 'Risk-free rate for Sharpe and Sortino ratios',
    fromText: toNumber,
  }),
  'notifications.email': spec({
    schema: z.union([z.literal(''), z.email()]),
    default: SETTING_DEFAULTS['notifications.email'],
    allowed: 'an email address, or empty for the account email',
    description: 'Where email notifications go',
    fromText: (text) => text.trim(),
  }),
  'notifications.channels': spec({
    schema: z.array(z.enum(['email', 'inbox'])).max(2),
    default: SETTING_DEFAULTS['notifications.channels'],
    allowed: 'a comma-separated list of email, inbox (empty for none)',
    description: 'Where alerts and digests are delivered',
    fromText: toList,
  }),
  'notifications.minSeverity': spec({
    schema: z.enum(['info', 'warning', 'critical']),
    default: SETTING_DEFAULTS['notifications.minSeverity'],
    allowed: 'info, warning, critical',
    description: 'The least severe notification that is delivered',
  }),
  'notifications.digest': spec({
    schema: z.enum(['off', 'daily', 'weekly']),
    default: SETTING_DEFAULTS['notifications.digest'],
    allowed: 'off, daily, weekly',
    description: 'How often the portfolio update digest is sent',
  }),
  'prices.provider': spec({
    schema: z.enum(['fixtures', 'yahoo', 'tiingo']),
    default: SETTING_DEFAULTS['prices.provider'],
    allowed: 'fixtures, yahoo, tiingo',
    description: 'Where closes come from: fixtures (mock prices), yahoo (Yahoo Finance, no key) or tiingo (TIINGO_API_KEY)',
  }),
  'fx.provider': spec({
    schema: z.enum(['fixtures', 'ecb']),
    default: SETTING_DEFAULTS['fx.provider'],
    allowed: 'fixtures, ecb',
    description: 'Where FX rates come from: fixtures (mock rates) or ecb (ECB reference rates via Frankfurter)',
  }),
  'prices.autoUpdate': spec({
    schema: z.boolean(),
    default: SETTING_DEFAULTS['prices.autoUpdate'],
    allowed: 'on, off',
    description: 'Fetch stale closes before valued commands (holdings, analyze…), within a few seconds',
    fromText: (text) => ({ on: true, true: true, off: false, false: false })[text.trim().toLowerCase()] ?? text,
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export function requireSettingKey(key: string): SettingKey {
  if (!isSettingKey(key)) {
    throw usageError(`Unknown setting "${key}". Known settings: ${SETTING_KEYS.join(', ')}.`, 'unknown_setting');
  }
  return key;
}

/** Validates the text a user typed for a setting; a bad value is a usage error naming what is allowed. */
export function parseSettingValue(key: SettingKey, text: string): unknown {
  const problem = controlCharacterProblem(`The value for ${key}`, text);
  if (problem) throw usageError(`${problem}.`, 'bad_setting');
  const setting: SettingSpec = SETTINGS[key];
  const parsed = setting.schema.safeParse(setting.fromText ? setting.fromText(text) : text);
  if (!parsed.success) {
    throw usageError(`Invalid value "${text}" for ${key}: allowed values are ${setting.allowed}.`, 'bad_setting');
  }
  return parsed.data;
}

/**
 * The one schema of a user's stored settings: every key with its help text, and its default both
 * when the key is missing and when a stored value no longer validates. Unknown keys are dropped.
 */
export const SettingsSchema = z.object(
  Object.fromEntries(
    SETTING_KEYS.map((key) => {
      const setting: SettingSpec = SETTINGS[key];
      return [key, setting.schema.catch(() => structuredClone(setting.default)).describe(setting.description)];
    }),
  ),
);

/** The effective settings: stored values that still validate, defaults for the rest. */
export function resolveSettings(stored: Record<string, unknown>): Settings {
  return SettingsSchema.parse(stored) as Settings;
}

export function formatSettingValue(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
