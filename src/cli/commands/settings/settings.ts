import {
  SETTINGS,
  SETTING_KEYS,
  formatSettingValue,
  parseSettingValue,
  requireSettingKey,
  resolveSettings,
} from '../../../core/accounts/settings.js';
import type { CliContext } from '../../context.js';
import { writeCsv } from '../../csv.js';
import type { CommandInput } from '../../options.js';
import { renderTable } from '../../render.js';

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
  const format = ctx.format();
  if (format === 'json') return ctx.json(rows);
  if (format === 'csv') return writeCsv(ctx, ['key', 'value', 'default', 'allowed', 'description'], rows);
  const style = await ctx.style();
  const table = rows.map((row) => [
    row.key,
    row.isDefault ? formatSettingValue(row.value) : style.paint.accent(formatSettingValue(row.value)),
    style.paint.muted(formatSettingValue(row.default)),
    row.allowed,
  ]);
  await ctx.out(await renderTable(style, ['KEY', 'VALUE', 'DEFAULT', 'ALLOWED'], table));
}

export async function runSettingsGet(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const key = requireSettingKey(String(args[0]));
  const value = resolveSettings((await ctx.requireUser()).settings)[key];
  if (ctx.format() === 'json') return ctx.json({ key, value });
  await ctx.out(formatSettingValue(value) + '\n');
}

export async function runSettingsSet(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const key = requireSettingKey(String(args[0]));
  const value = parseSettingValue(key, String(args[1]));
  const user = await ctx.requireUser();
  await (await ctx.accounts()).saveSettings(user, { ...user.settings, [key]: value });
  if (ctx.format() === 'json') return ctx.json({ key, value });
  ctx.info(`${key} = ${formatSettingValue(value)}`);
}

export async function runSettingsReset(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const key = args[0] === undefined ? undefined : requireSettingKey(String(args[0]));
  const user = await ctx.requireUser();
  const next = { ...user.settings };
  if (key) delete next[key];
  await (await ctx.accounts()).saveSettings(user, key ? next : {});
  if (ctx.format() === 'json') return ctx.json(key ? { key, value: SETTINGS[key].default } : resolveSettings({}));
  ctx.info(key ? `${key} reset to ${formatSettingValue(SETTINGS[key].default)}.` : 'All settings reset to their defaults.');
}
