import type { Settings } from './settings.js';

/**
 * Every setting's default, kept apart from the zod schemas in settings.ts so that a command run by
 * someone who changed no setting (most runs) shows its output without loading zod.
 */
export const SETTING_DEFAULTS = {
  theme: 'auto' as const,
  color: 'auto' as const,
  'display.currency': 'USD' as const,
  'display.dateFormat': 'yyyy-MM-dd' as const,
  'display.decimals': 2,
  'display.locale': 'en-US' as const,
  'costBasis.method': 'fifo' as const,
  'analytics.riskFreeRate': 0,
  'notifications.email': '' as const,
  'notifications.channels': ['inbox'] as Array<'email' | 'inbox'>,
  'notifications.minSeverity': 'info' as const,
  'notifications.digest': 'off' as const,
  'prices.provider': 'fixtures' as const,
  'fx.provider': 'fixtures' as const,
  'prices.autoUpdate': false,
};

/** The effective settings of an account that stored none: what `resolveSettings({})` gives, without zod. */
export function defaultSettings(): Settings {
  return structuredClone(SETTING_DEFAULTS);
}
