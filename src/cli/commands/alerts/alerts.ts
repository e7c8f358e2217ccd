import { ALERT_TYPES, DEFAULT_SEVERITY, SYMBOL_ALERTS, THRESHOLD_UNITS, type Alert, type AlertType } from '../../../core/alerts/types.js';
import { isDecimalString, dec, ZERO, decString } from '../../../core/decimal.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import { newId, shortId } from '../../../core/ids.js';
import type { CliContext } from '../../context.js';
import { openNotifications } from '../../notifications.js';
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
  let symbol: string | null = null;
  let portfolioId: string | null = null;
  let portfolioName: string | null = null;
  if (SYMBOL_ALERTS.includes(type)) {
    if (options.portfolio) throw usageError(`A ${type} alert watches a symbol: use --symbol, not --portfolio.`, 'bad_flag');
    symbol = (await ctx.need(options.symbol, '--symbol', (p) => p.input('Symbol', { validate: (v) => v.trim() !== '' || 'a symbol such as AAPL' }))).trim().toUpperCase();
    const market = await ctx.prices();
    if (!(await market.instrument(symbol)) && (await market.firstDate(symbol)) === null) {
      throw notFoundError(`No prices for ${symbol}: import its closes with \`folio prices import FILE\`.`, 'no_prices');
    }
  } else {
    if (options.symbol) throw usageError(`A ${type} alert watches a portfolio: use --portfolio, not --symbol.`, 'bad_flag');
    const ref = await ctx.need(options.portfolio, '--portfolio', (p) => p.input('Portfolio'));
    const { portfolio } = await openPortfolio(ctx, ref, 'read');
    if (type === 'drift' && Object.keys(portfolio.targets).length === 0) {
      throw usageError(`${portfolio.name} has no targets to drift from: set them with \`folio portfolio set-targets\`.`, 'no_targets');
    }
    portfolioId = portfolio.id;
    portfolioName = portfolio.name;
  }
  const thresholdText = await ctx.need(options.threshold, '--threshold', (p) =>
    p.input(`Threshold (${THRESHOLD_UNITS[type]})`, { validate: (v) => (isDecimalString(v.trim()) && dec(v.trim()).gt(ZERO)) || 'a positive number' }),
  );
  if (!isDecimalString(thresholdText.trim()) || !dec(thresholdText.trim()).gt(ZERO)) {
    throw usageError('--threshold: expected a positive decimal number such as 5 or 187.5', 'bad_flag');
  }
  const now = ctx.clock.now().toISOString();
  const alert: Alert = {
    id: newId(),
    userId: user.id,
    type,
    symbol,
    portfolioId,
    threshold: decString(dec(thresholdText.trim())),
    severity: options.severity ?? DEFAULT_SEVERITY[type],
    paused: false,
    state: 'armed',
    fireCount: 0,
    baseline: null,
    lastValue: null,
    lastFiredAt: null,
    lastCheckedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await (await openNotifications(ctx)).insertAlert(alert);
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
  const alerts = (await (await openNotifications(ctx)).listAlerts(user.id)).map(toView);
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
  const repo = await openNotifications(ctx);
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
