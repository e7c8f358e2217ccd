import * as z from 'zod';
import { checkAlertTarget, checkWatchablePortfolio, isThreshold, newAlert, watchableSymbol, watchesSymbol } from '../../../core/alerts/new-alert.js';
import { ALERT_TYPES, SEVERITIES, THRESHOLD_UNITS, type Alert, type AlertType } from '../../../core/alerts/types.js';
import { isDecimalString } from '../../../core/decimal.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import { shortId } from '../../../core/ids.js';
import type { CliContext } from '../../context.js';
import { openAlerts } from '../../notifications.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { renderTable } from '../../render.js';

const AddOptions = z.object({
  type: z.enum(ALERT_TYPES, { message: `expected one of ${ALERT_TYPES.join(', ')}` }).optional(),
  symbol: z.string().trim().min(1).optional(),
  portfolio: z.string().trim().min(1).optional(),
  threshold: z.string().trim().refine(isDecimalString, 'expected a positive decimal number such as 5 or 187.5').optional(),
  severity: z.enum(SEVERITIES, { message: `expected one of ${SEVERITIES.join(', ')}` }).optional(),
});

/** `folio alerts add --type TYPE [--symbol S] [--portfolio P] --threshold X [--severity S]`; asks on a terminal for what is missing. */
export async function runAlertsAdd(ctx: CliContext, { opts }: CommandInput): Promise<void> {
  const options = parseOptions(AddOptions, opts);
  const user = await ctx.requireUser();
  const type = (await ctx.need(options.type, '--type', (p) =>
    p.select(
      'Alert type',
      ALERT_TYPES.map((value) => ({ value, description: THRESHOLD_UNITS[value] })),
    ),
  )) as AlertType;
  checkAlertTarget(type, options);
  let symbol: string | null = null;
  let portfolioId: string | null = null;
  let portfolioName: string | null = null;
  if (watchesSymbol(type)) {
    const typed = await ctx.need(options.symbol, '--symbol', (p) => p.input('Symbol', { validate: (v) => v.trim() !== '' || 'a symbol such as AAPL' }));
    symbol = await watchableSymbol(await ctx.prices(), typed);
  } else {
    const ref = await ctx.need(options.portfolio, '--portfolio', (p) => p.input('Portfolio'));
    const { portfolio } = await openPortfolio(ctx, ref, 'read');
    checkWatchablePortfolio(type, portfolio);
    portfolioId = portfolio.id;
    portfolioName = portfolio.name;
  }
  const threshold = await ctx.need(options.threshold, '--threshold', (p) =>
    p.input(`Threshold (${THRESHOLD_UNITS[type]})`, { validate: (v) => isThreshold(v) || 'a positive number' }),
  );
  const alert = newAlert({ userId: user.id, type, symbol, portfolioId, threshold, severity: options.severity }, ctx.clock.now());
  await (await openAlerts(ctx)).insertAlert(alert);
  const view = toView({ ...alert, portfolioName });
  if (ctx.format() === 'json') return ctx.json(view);
  ctx.info(`Added alert ${view.id}: ${describe(view)}.`);
  await ctx.out(view.id + '\n');
}

interface AlertView {
  id: string;
  type: AlertType;
  symbol: string | null;
  portfolio: string | null;
  threshold: string;
  severity: string;
  status: 'active' | 'paused';
  state: 'armed' | 'fired';
  lastValue: string | null;
  lastFiredAt: string | null;
  createdAt: string;
}

const toView = (a: Alert & { portfolioName: string | null }): AlertView => ({
  id: a.id,
  type: a.type,
  symbol: a.symbol,
  portfolio: a.portfolioName,
  threshold: a.threshold,
  severity: a.severity,
  status: a.paused ? 'paused' : 'active',
  state: a.state,
  lastValue: a.lastValue,
  lastFiredAt: a.lastFiredAt,
  createdAt: a.createdAt,
});

function describe(a: Pick<AlertView, 'type' | 'symbol' | 'portfolio' | 'threshold'>): string {
  switch (a.type) {
    case 'price-above':
      return `${a.symbol} closes at or above ${a.threshold}`;
    case 'price-below':
      return `${a.symbol} closes at or below ${a.threshold}`;
    case 'move':
      return `${a.symbol} moves ±${a.threshold}% in a day`;
    case 'portfolio-change':
      return `${a.portfolio} changes ±${a.threshold}% since the last update`;
    case 'drift':
      return `${a.portfolio} drifts ${a.threshold} pp from a target`;
  }
}

export async function runAlertsList(ctx: CliContext): Promise<void> {
  const user = await ctx.requireUser();
  const alerts = (await (await openAlerts(ctx)).listAlerts(user.id)).map(toView);
  const format = ctx.format();
  if (format === 'json') return ctx.json(alerts);
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, ['id', 'type', 'symbol', 'portfolio', 'threshold', 'severity', 'status', 'state', 'lastValue', 'lastFiredAt', 'createdAt'], alerts);
  }
  if (alerts.length === 0) {
    ctx.info('No alerts. Add one with `folio alerts add --type price-above --symbol AAPL --threshold 200`.');
    return;
  }
  const style = await ctx.style();
  const rows = alerts.map((a) => [
    shortId(a.id),
    a.type,
    describe(a),
    a.severity,
    a.status === 'paused' ? style.paint.muted('paused') : a.state === 'fired' ? style.paint.warn('fired') : 'armed',
    a.lastFiredAt ? a.lastFiredAt.slice(0, 16).replace('T', ' ') : '',
  ]);
  await ctx.out(await renderTable(style, ['ID', 'TYPE', 'CONDITION', 'SEVERITY', 'STATE', 'LAST FIRED'], rows));
}

/** An alert of the signed-in user by id or short id (the last characters of one, as `alerts list` shows). */
async function findAlert(ctx: CliContext, ref: string) {
  const user = await ctx.requireUser();
  const repo = await openAlerts(ctx);
  const wanted = ref.trim();
  const matches = (await repo.alertsOf(user.id)).filter((a) => a.id === wanted || (wanted.length >= 8 && a.id.endsWith(wanted)));
  if (matches.length === 0) throw notFoundError(`No alert with id ${wanted}.`, 'alert_not_found');
  if (matches.length > 1) throw usageError(`${wanted} matches ${matches.length} alerts: give more of the id.`, 'ambiguous_id');
  return { alert: matches[0]!, repo };
}

export async function runAlertsRemove(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const { alert, repo } = await findAlert(ctx, String(args[0]));
  await repo.removeAlert(alert.id);
  ctx.info(`Removed alert ${shortId(alert.id)}.`);
}

export async function runAlertsPause(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const { alert, repo } = await findAlert(ctx, String(args[0]));
  await repo.setPaused(alert.id, true, ctx.clock.now().toISOString());
  ctx.info(`Paused alert ${shortId(alert.id)}.`);
}

export async function runAlertsResume(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const { alert, repo } = await findAlert(ctx, String(args[0]));
  await repo.setPaused(alert.id, false, ctx.clock.now().toISOString());
  ctx.info(`Resumed alert ${shortId(alert.id)}: it is armed again.`);
}
