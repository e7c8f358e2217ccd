import { checkAlertTarget, checkWatchablePortfolio, isThreshold, newAlert, watchableSymbol, watchesSymbol } from '../../../core/alerts/new-alert.js';
import { ALERT_TYPES, THRESHOLD_UNITS, type Alert, type AlertType } from '../../../core/alerts/types.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import { shortId } from '../../../core/ids.js';
import type { CliContext } from '../../context.js';
import { openAlerts } from '../../notifications.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { renderRows } from '../../output.js';
import type { AlertIdOptions, AlertsAddOptions } from './alerts.command.js';

/** `folio alerts add --type TYPE [--symbol S] [--portfolio P] --threshold X [--severity S]`; asks on a terminal for what is missing. */
export async function runAlertsAdd(ctx: CliContext, options: AlertsAddOptions): Promise<void> {
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
  await renderRows(ctx, {
    columns: [
      { key: 'id', header: 'ID', cell: (a) => shortId(a.id) },
      { key: 'type', header: 'TYPE' },
      { key: 'threshold', header: 'CONDITION', cell: (a) => describe(a) },
      { key: 'severity', header: 'SEVERITY' },
      { key: 'state', header: 'STATE', cell: (a, style) => (a.status === 'paused' ? style.paint.muted('paused') : a.state === 'fired' ? style.paint.warn('fired') : 'armed') },
      { key: 'lastFiredAt', header: 'LAST FIRED', cell: (a) => (a.lastFiredAt ? a.lastFiredAt.slice(0, 16).replace('T', ' ') : '') },
    ],
    rows: alerts,
    csv: { keys: ['id', 'type', 'symbol', 'portfolio', 'threshold', 'severity', 'status', 'state', 'lastValue', 'lastFiredAt', 'createdAt'] },
    empty: 'No alerts. Add one with `folio alerts add --type price-above --symbol AAPL --threshold 200`.',
  });
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

export async function runAlertsById(ctx: CliContext, action: 'remove' | 'pause' | 'resume', options: AlertIdOptions): Promise<void> {
  const { alert, repo } = await findAlert(ctx, options.id);
  const id = shortId(alert.id);
  if (action === 'remove') {
    await repo.removeAlert(alert.id);
    ctx.info(`Removed alert ${id}.`);
  } else {
    await repo.setPaused(alert.id, action === 'pause', ctx.clock.now().toISOString());
    ctx.info(action === 'pause' ? `Paused alert ${id}.` : `Resumed alert ${id}: it is armed again.`);
  }
}
