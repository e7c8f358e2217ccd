import { describe, expect, it } from 'vitest';
import {
  formatSettingValue,
  isSettingKey,
  parseSettingValue,
  requireSettingKey,
  resolveSettings,
  SETTING_KEYS,
  SETTINGS,
  SettingsSchema,
  type SettingKey,
} from '../../src/core/accounts/settings.js';
import { defaultSettings } from '../../src/core/accounts/setting-defaults.js';
import { thrown } from '../helpers/errors.js';


const DEFAULTS = {
  theme: 'auto',
  color: 'auto',
  'display.currency': 'USD',
  'display.dateFormat': 'yyyy-MM-dd',
  'display.decimals': 2,
  'display.locale': 'en-US',
  'costBasis.method': 'fifo',
  'analytics.riskFreeRate': 0,
  'notifications.email': '',
  'notifications.channels': ['inbox'],
  'notifications.minSeverity': 'info',
  'notifications.digest': 'off',
  'prices.provider': 'fixtures',
  'fx.provider': 'fixtures',
  'prices.autoUpdate': false,
};

describe('the settings schema', () => {
  it('knows every setting of DESIGN.md, each with a default, allowed values and help', () => {
    expect(SETTING_KEYS).toEqual(Object.keys(DEFAULTS));
    for (const key of SETTING_KEYS) {
      expect(SETTINGS[key].allowed, key).not.toBe('');
      expect(SETTINGS[key].description, key).not.toBe('');
      // every default passes its own schema
      expect(SETTINGS[key].schema.safeParse(SETTINGS[key].default).success, key).toBe(true);
      expect(SettingsSchema.shape[key]?.description, key).toBe(SETTINGS[key].description);
    }
  });

  it('resolves an empty document to the defaults', () => {
    expect(resolveSettings({})).toEqual(DEFAULTS);
  });

  it('keeps stored values that validate and drops unknown keys', () => {
    const resolved = resolveSettings({ theme: 'light', 'display.decimals': 4, 'costBasis.method': 'average', retired: 'x' });
    expect(resolved).toEqual({ ...DEFAULTS, theme: 'light', 'display.decimals': 4, 'costBasis.method': 'average' });
    expect(resolved).not.toHaveProperty('retired');
  });

  it('falls back to the default for a stored value that no longer validates', () => {
    const resolved = resolveSettings({ theme: 'neon', 'display.decimals': 99, color: 'never', 'notifications.channels': ['pager'] });
    expect(resolved).toEqual({ ...DEFAULTS, color: 'never' });
  });

  it('hands out defaults that a caller cannot change for everybody', () => {
    const first = resolveSettings({ 'notifications.channels': 'not a list' });
    first['notifications.channels'].push('email');
    expect(resolveSettings({})['notifications.channels']).toEqual(['inbox']);
    expect(SETTINGS['notifications.channels'].default).toEqual(['inbox']);
  });
});

describe('setting keys', () => {
  it('accepts known keys and refuses others, naming the known ones', () => {
    expect(isSettingKey('display.currency')).toBe(true);
    expect(isSettingKey('display')).toBe(false);
    expect(isSettingKey('toString')).toBe(false); // not fooled by Object.prototype
    expect(requireSettingKey('theme')).toBe('theme');
    const error = thrown(() => requireSettingKey('colour'));
    expect(error.kind).toBe('usage');
    expect(error.message).toContain('Unknown setting "colour"');
    expect(error.message).toContain('theme, color, display.currency');
  });
});

describe('parseSettingValue', () => {
  it.each<[SettingKey, string, unknown]>([
    ['theme', 'dark', 'dark'],
    ['theme', 'none', 'none'],
    ['color', 'always', 'always'],
    ['display.currency', ' eur ', 'EUR'],
    ['display.dateFormat', 'dd.MM.yyyy', 'dd.MM.yyyy'],
    ['display.dateFormat', 'MMM d, yyyy', 'MMM d, yyyy'],
    ['display.decimals', '0', 0],
    ['display.decimals', '8', 8],
    ['display.locale', 'de-DE', 'de-DE'],
    ['costBasis.method', 'average', 'average'],
    ['analytics.riskFreeRate', '0.035', 0.035],
    ['analytics.riskFreeRate', '-0.01', -0.01],
    ['notifications.email', 'alerts@example.com', 'alerts@example.com'],
    ['notifications.email', '', ''],
    ['notifications.channels', 'email, inbox', ['email', 'inbox']],
    ['notifications.channels', '', []],
    ['notifications.minSeverity', 'critical', 'critical'],
    ['notifications.digest', 'weekly', 'weekly'],
  ])('%s %j → %j', (key, text, value) => {
    expect(parseSettingValue(key, text)).toEqual(value);
  });

  it.each<[SettingKey, string, string]>([
    ['theme', 'blue', 'auto, dark, light, none'],
    ['color', 'yes', 'auto, always, never'],
    ['display.currency', 'EURO', 'an ISO 4217 code'],
    ['display.dateFormat', 'yyyy-MM-dd HH:mm', 'a date-fns pattern'],
    ['display.decimals', '2.5', 'a whole number from 0 to 8'],
    ['display.decimals', '9', 'a whole number from 0 to 8'],
    ['display.decimals', '-1', 'a whole number from 0 to 8'],
    ['display.decimals', '', 'a whole number from 0 to 8'],
    ['display.decimals', '0x3', 'a whole number from 0 to 8'], // Number('0x3') would be 3
    ['display.decimals', '1e0', 'a whole number from 0 to 8'],
    ['display.locale', 'not a locale!', 'a BCP 47 locale'],
    ['costBasis.method', 'lifo', 'fifo, average'],
    ['analytics.riskFreeRate', '3%', 'a yearly rate as a fraction'],
    ['analytics.riskFreeRate', '1.5', 'a yearly rate as a fraction'],
    ['analytics.riskFreeRate', 'Infinity', 'a yearly rate as a fraction'],
    ['notifications.email', 'nobody', 'an email address'],
    ['notifications.channels', 'email,sms', 'email, inbox'],
    ['notifications.minSeverity', 'debug', 'info, warning, critical'],
    ['notifications.digest', 'hourly', 'off, daily, weekly'],
  ])('%s %j is a usage error naming the allowed values', (key, text, allowed) => {
    const error = thrown(() => parseSettingValue(key, text));
    expect(error.kind).toBe('usage');
    expect(error.code).toBe('bad_setting');
    expect(error.message).toContain(`Invalid value "${text}" for ${key}`);
    expect(error.message).toContain(allowed);
  });
});

describe('formatSettingValue', () => {
  it.each([
    ['dark', 'dark'],
    [2, '2'],
    [0.035, '0.035'],
    [['email', 'inbox'], 'email,inbox'],
    [[], ''],
  ])('%j → %j', (value, text) => {
    expect(formatSettingValue(value)).toBe(text);
  });
});

describe('defaultSettings', () => {
  it('is what resolveSettings gives an account that stored nothing, key order included, without zod', () => {
    expect(defaultSettings()).toEqual(DEFAULTS);
    expect(Object.keys(defaultSettings())).toEqual(Object.keys(resolveSettings({})));
    expect(defaultSettings()).toEqual(resolveSettings({}));
  });

  it('hands out a fresh copy each time', () => {
    const first = defaultSettings();
    first['notifications.channels'].push('email');
    expect(defaultSettings()['notifications.channels']).toEqual(['inbox']);
  });
});
