import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { text } from '../../flags.js';

// The keys are checked when the command runs (core/accounts/settings.ts), so start-up loads no zod.
const keyArg = { name: 'key', description: 'setting name, e.g. display.currency' };

const settingsShow = defineCommand({
  name: 'show',
  description: 'list every setting with its value, default and allowed values',
  examples: ['folio settings show', 'folio settings show --json'],
  run: async (ctx): Promise<void> => (await import('./settings.js')).runSettingsShow(ctx),
});

const settingsGet = defineCommand({
  name: 'get',
  description: 'print one setting',
  args: [keyArg],
  examples: ['folio settings get display.currency'],
  formats: ['table', 'json'],
  options: (z) => z.object({ key: text(z) }),
  run: async (ctx, options): Promise<void> => (await import('./settings.js')).runSettingsGet(ctx, options),
});
export type SettingsKeyOptions = OptionsOf<typeof settingsGet>;

const settingsSet = defineCommand({
  name: 'set',
  description: 'change one setting',
  args: [keyArg, { name: 'value', description: 'new value' }],
  examples: ['folio settings set display.currency EUR', 'folio settings set prices.provider yahoo'],
  formats: ['table', 'json'],
  options: (z) => z.object({ key: text(z), value: z.string() }),
  run: async (ctx, options): Promise<void> => (await import('./settings.js')).runSettingsSet(ctx, options),
});
export type SettingsSetOptions = OptionsOf<typeof settingsSet>;

const settingsReset = defineCommand({
  name: 'reset',
  description: 'restore one setting, or all of them, to the default',
  args: [{ ...keyArg, description: 'setting name (all settings when omitted)', optional: true }],
  examples: ['folio settings reset theme', 'folio settings reset  # every setting'],
  formats: ['table', 'json'],
  options: (z) => z.object({ key: text(z).optional() }),
  run: async (ctx, options): Promise<void> => (await import('./settings.js')).runSettingsReset(ctx, options),
});
export type SettingsResetOptions = OptionsOf<typeof settingsReset>;

export const settingsGroup = defineGroup({
  name: 'settings',
  description: 'show and change your settings',
  commands: [settingsShow, settingsGet, settingsSet, settingsReset],
});
