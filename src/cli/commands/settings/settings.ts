import {
  SETTINGS,
  SETTING_KEYS,
  formatSettingValue,
  parseSettingValue,
  requireSettingKey,
  resolveSettings,
} from '../../../core/accounts/settings.js';
import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';
import type { SettingsKeyOptions, SettingsResetOptions, SettingsSetOptions } from './settings.command.js';

export async function runSettingsShow(ctx: CliContext): Promise<void> {
  const user = await ctx.requireUser();
  const effective = resolveSettings(user.settings);
  const rows = SETTING_KEYS.map((key) => ({
    key,
    value: effective[key],
    default: SETTINGS[key].default,
    isDefault: !Object.hasOwn(user.settings, key),
    allowed: SETTINGS[key].allowed,
    description: SETTINGS[key].description,
  }));
  await renderRows(ctx, {
    columns: [
      { key: 'key', header: 'KEY' },
      { key: 'value', header: 'VALUE', cell: (row, style) => (row.isDefault ? formatSettingValue(row.value) : style.paint.accent(formatSettingValue(row.value))) },
      { key: 'default', header: 'DEFAULT', cell: (row, style) => style.paint.muted(formatSettingValue(row.default)) },
      { key: 'allowed', header: 'ALLOWED' },
    ],
    rows,
    csv: { keys: ['key', 'value', 'default', 'allowed', 'description'] },
  });
}

export async function runSettingsGet(ctx: CliContext, options: SettingsKeyOptions): Promise<void> {
  const key = requireSettingKey(options.key);
  const value = resolveSettings((await ctx.requireUser()).settings)[key];
  if (ctx.format() === 'json') return ctx.json({ key, value });
  await ctx.out(formatSettingValue(value) + '\n');
}

export async function runSettingsSet(ctx: CliContext, options: SettingsSetOptions): Promise<void> {
  const key = requireSettingKey(options.key);
  const value = parseSettingValue(key, options.value);
  const user = await ctx.requireUser();
  await (await ctx.accounts()).saveSettings(user, { ...user.settings, [key]: value });
  if (ctx.format() === 'json') return ctx.json({ key, value });
  ctx.info(`${key} = ${formatSettingValue(value)}`);
}

export async function runSettingsReset(ctx: CliContext, options: SettingsResetOptions): Promise<void> {
  const key = options.key === undefined ? undefined : requireSettingKey(options.key);
  const user = await ctx.requireUser();
  const next = { ...user.settings };
  if (key) delete next[key];
  await (await ctx.accounts()).saveSettings(user, key ? next : {});
  if (ctx.format() === 'json') return ctx.json(key ? { key, value: SETTINGS[key].default } : resolveSettings({}));
  ctx.info(key ? `${key} reset to ${formatSettingValue(SETTINGS[key].default)}.` : 'All settings reset to their defaults.');
}
