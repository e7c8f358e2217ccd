import { ALERT_TYPES, SEVERITIES } from '../../../core/alerts/types.js';
import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { choice } from '../../flags.js';

const alertsAdd = defineCommand({
  name: 'add',
  description: 'add an alert (asks on a terminal for what is missing)',
  flags: [
    { flags: '--type <type>', description: 'alert type', choices: ALERT_TYPES },
    { flags: '--symbol <symbol>', description: 'symbol to watch (price-above, price-below, move)' },
    { flags: '--portfolio <portfolio>', description: 'portfolio to watch (portfolio-change, drift)', complete: 'portfolio' },
    { flags: '--threshold <x>', description: 'price level, or percent (move, portfolio-change), or percentage points (drift)' },
    { flags: '--severity <severity>', description: 'severity (default: warning; info for drift)', choices: SEVERITIES },
  ],
  examples: [
    'folio alerts add --type price-above --symbol AAPL --threshold 200',
    'folio alerts add --type drift --portfolio Retirement --threshold 5 --severity warning',
  ],
  formats: ['table', 'json'],
  options: (z) =>
    z.object({
      type: choice(z, ALERT_TYPES).optional(),
      symbol: z.string().trim().min(1).optional(),
      portfolio: z.string().trim().min(1).optional(),
      threshold: z.string().trim().optional(),
      severity: choice(z, SEVERITIES).optional(),
    }),
  run: async (ctx, options): Promise<void> => (await import('./alerts.js')).runAlertsAdd(ctx, options),
});
export type AlertsAddOptions = OptionsOf<typeof alertsAdd>;

const alertsList = defineCommand({
  name: 'list',
  description: 'list your alerts and their state',
  examples: ['folio alerts list', 'folio alerts list --json'],
  run: async (ctx): Promise<void> => (await import('./alerts.js')).runAlertsList(ctx),
});

const idArg = { name: 'id', description: 'alert id, or the short id shown by alerts list' };
const byId = (name: 'remove' | 'pause' | 'resume', description: string) =>
  defineCommand({
    name,
    description,
    args: [idArg],
    examples: [`folio alerts ${name} 3f9c2a71`],
    formats: ['table'],
    options: (z) => z.object({ id: z.string().trim().min(1) }),
    run: async (ctx, options): Promise<void> => (await import('./alerts.js')).runAlertsById(ctx, name, options),
  });
export type AlertIdOptions = { id: string };

export const alertsGroup = defineGroup({
  name: 'alerts',
  description: 'price, move, portfolio-change and drift alerts, delivered by `folio notify run`',
  help:
    'Types and thresholds: price-above / price-below (a price level of --symbol), move (--symbol moves beyond ±X% in a day), ' +
    'portfolio-change (--portfolio value changes beyond ±X% since the last update), drift (--portfolio drifts X percentage points from a target). ' +
    'An alert fires once per crossing and re-arms when its condition clears.',
  commands: [alertsAdd, alertsList, byId('remove', 'delete an alert'), byId('pause', 'stop evaluating an alert'), byId('resume', 'evaluate a paused alert again (re-armed)')],
});
