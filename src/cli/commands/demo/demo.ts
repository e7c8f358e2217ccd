import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { DEMO_EMAIL } from '../../../core/accounts/accounts.js';
import { toCalendarDate } from '../../../core/dates.js';
import { analyzePerformance } from '../../../core/performance/analyze.js';
import { snapshotAt } from '../../../core/portfolios/snapshot.js';
import type { Portfolio } from '../../../core/portfolios/types.js';
import { userRepository } from '../../../db/repositories/accounts.js';
import { readTransactionCsv } from '../../../io/transaction-csv.js';
import { packageRoot } from '../../../prices/fixture-feed.js';
import type { CliContext } from '../../context.js';
import type { DemoOptions } from './demo.command.js';
import { usageError } from '../../../core/errors.js';
import { openLedger } from '../../ledger.js';
import { portfolioService } from '../../portfolio-ref.js';
import { renderRows } from '../../output.js';
import { formatPercent, type Style } from '../../../io/text/render.js';

export { DEMO_EMAIL };
export const DEMO_PASSWORD = 'folio-demo';

const SAMPLES: Array<{ file: string; name: string; baseCurrency: string; description: string; targets: Record<string, string> }> = [
  {
    file: 'index-investor.csv',
    name: 'Index investor',
    baseCurrency: 'USD',
    description: 'Monthly savings into a broad-market ETF and a bond ETF since 2016',
    targets: { VTI: '80', BND: '20' },
  },
  { file: 'stock-picker.csv', name: 'Stock picker', baseCurrency: 'USD', description: 'Single stocks, with sells and splits', targets: {} },
  {
    file: 'multi-currency.csv',
    name: 'Multi-currency',
    baseCurrency: 'EUR',
    description: 'A EUR portfolio holding US, European and UK shares',
    targets: {},
  },
];

/**
 * A first look with no set-up: a demo account on the current database (the embedded SQLite file by
 * default) with the sample portfolios, valued at the mock prices. Idempotent: a second run reuses
 * everything. It does not sign you in, so an existing session is left alone.
 */
export async function runDemo(ctx: CliContext, options: DemoOptions): Promise<void> {
  const target = await ctx.databaseTarget();
  if (target.dialect === 'postgres' && !options.yes) {
    throw usageError(
      'folio demo makes an account with a public password (demo@folio.example / folio-demo) that anyone who can reach ' +
        'this Postgres database can sign in to: add --yes if that is what you want.',
      'demo_needs_yes',
    );
  }
  const [database, accounts, portfolios, market] = await Promise.all([ctx.db(), ctx.accounts(), portfolioService(ctx), ctx.prices()]);
  const user =
    (await userRepository(database.db).findByEmail(DEMO_EMAIL)) ??
    (await accounts.register({ email: DEMO_EMAIL, name: 'Demo Investor', password: DEMO_PASSWORD }));
  const { store, service } = await openLedger(ctx);
  const asOf = toCalendarDate(ctx.clock.now());
  const existing = new Map((await portfolios.list(user)).filter((g) => g.role === 'owner').map((g) => [g.portfolio.name, g.portfolio]));
  const sampleDir = join(packageRoot(), 'fixtures', 'portfolios');

  const overview = [];
  for (const sample of SAMPLES) {
    const portfolio: Portfolio =
      existing.get(sample.name) ??
      (await portfolios.create(user, {
        name: sample.name,
        baseCurrency: sample.baseCurrency,
        description: sample.description,
        targets: sample.targets,
      }));
    if ((await store.lastDate(portfolio.id)) === null) {
      const context = { today: asOf, defaultCurrency: portfolio.baseCurrency };
      await service.import(portfolio.id, {
        source: sample.file,
        read: (onRow) => readTransactionCsv(createReadStream(join(sampleDir, sample.file)), { context, onRow }),
      });
    }
    const { positions, valuation } = await snapshotAt(store, market, portfolio, asOf);
    const { totals } = valuation;
    const { analysis } = await analyzePerformance({
      entries: store.ledgerEntries(portfolio.id, { to: asOf }),
      market,
      baseCurrency: portfolio.baseCurrency,
      method: 'fifo',
      scope: 'holdings',
      from: null,
      end: asOf,
      riskFreeRate: 0,
      benchmark: null,
    });
    const { twr, twrAnnualized, mwr, maxDrawdown } = analysis;
    overview.push({ name: portfolio.name, positions: positions.length, ...totals, twr, twrAnnualized, mwr, maxDrawdown });
  }

  if (ctx.format() === 'json') {
    return ctx.json({ user: { email: DEMO_EMAIL, password: DEMO_PASSWORD }, asOf, portfolios: overview });
  }
  ctx.info(`folio demo — sample portfolios of ${DEMO_EMAIL}, valued at mock prices as of ${asOf}`);
  await renderOverview(ctx, overview);
  // Run through npx (npm_command=exec), a fresh checkout has no `folio` on PATH: the hints say what works.
  const folio = ctx.env.npm_command === 'exec' ? 'npx folio' : 'folio';
  ctx.info(
    [
      '',
      'The prices are mock data (fixtures/), not real quotes. Try next:',
      `  ${folio} login --email ${DEMO_EMAIL}            (password: ${DEMO_PASSWORD})`,
      `  ${folio} portfolio list`,
      `  ${folio} holdings "Index investor"`,
      `  ${folio} analyze "Index investor" --period 5y --benchmark VTI`,
      `  ${folio} tx list "Stock picker" --type sell,split`,
      `  ${folio} allocation "Index investor" --rebalance`,
      `  ${folio} lots "Stock picker" AAPL`,
    ].join('\n'),
  );
}

interface OverviewRow {
  name: string;
  currency: string;
  positions: number;
  value: string;
  costBasis: string;
  unrealizedGain: string;
  cash: string;
  twrAnnualized: number | null;
  mwr: number | null;
  maxDrawdown: number | null;
}

const percentOrNa = (value: number | null, style: Style, signed: boolean) => (value === null ? 'n/a' : formatPercent(style, value, { signed }));

function renderOverview(ctx: CliContext, overview: OverviewRow[]): Promise<void> {
  return renderRows(ctx, {
    columns: [
      { key: 'name', header: 'PORTFOLIO' },
      { key: 'currency', header: 'CCY' },
      { key: 'positions', header: 'POSITIONS', kind: 'number' },
      { key: 'value', header: 'VALUE', kind: 'money' },
      { key: 'costBasis', header: 'INVESTED (COST)', kind: 'money' },
      { key: 'unrealizedGain', header: 'UNREALISED', kind: 'signedMoney' },
      { key: 'cash', header: 'CASH', kind: 'money' },
      { key: 'twrAnnualized', header: 'TWR P.A.', kind: 'signedPercent', cell: (p, style) => percentOrNa(p.twrAnnualized, style, true) },
      { key: 'mwr', header: 'MWR', kind: 'signedPercent', cell: (p, style) => percentOrNa(p.mwr, style, true) },
      { key: 'maxDrawdown', header: 'MAX DRAWDOWN', kind: 'percent', cell: (p, style) => percentOrNa(p.maxDrawdown, style, false) },
    ],
    rows: overview,
  });
}
