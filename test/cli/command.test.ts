import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke, parseInput } from '../../src/cli/command.js';
import { lotsCommand } from '../../src/cli/commands/holdings/lots.command.js';
import { portfolioGroup } from '../../src/cli/commands/portfolio/portfolio.command.js';
import { analyzeCommand } from '../../src/cli/commands/analyze/analyze.command.js';
import { exportGroup } from '../../src/cli/commands/export/export.command.js';
import { historyCommand } from '../../src/cli/commands/history/history.command.js';
import { holdingsCommand } from '../../src/cli/commands/holdings/holdings.command.js';
import { importGroup } from '../../src/cli/commands/import/import.command.js';
import { optimizeCommand } from '../../src/cli/commands/optimize/optimize.command.js';
import { reportCommand } from '../../src/cli/commands/report/report.command.js';
import { txGroup } from '../../src/cli/commands/tx/tx.command.js';
import { createWorld, registerUser, type World } from '../helpers/backends.js';
import { rejected } from '../helpers/errors.js';
import { testContext } from '../helpers/context.js';

/** A command module is data plus a `run`: its options parse with zod, and tests call it in process. */
describe('command modules', () => {
  it('parse raw input into typed options, naming the argument or flag that is wrong', async () => {
    expect(await parseInput(lotsCommand, { portfolio: 'IRA', symbol: ' aapl ', asOf: '2024-02-29' })).toEqual({
      portfolio: 'IRA',
      symbol: 'AAPL',
      asOf: '2024-02-29',
    });
    const badDate = await rejected(parseInput(lotsCommand, { portfolio: 'IRA', symbol: 'AAPL', asOf: '2023-02-29' }));
    expect([badDate.kind, badDate.message]).toEqual(['usage', '--as-of: expected a date as YYYY-MM-DD']);
    const blank = await rejected(parseInput(lotsCommand, { portfolio: ' ', symbol: 'AAPL' }));
    expect(blank.message).toBe('PORTFOLIO: must not be empty');
  });

  it('declare 1–3 examples each, all starting with `folio`', () => {
    const modules = [
      lotsCommand,
      ...portfolioGroup.commands,
      analyzeCommand,
      historyCommand,
      optimizeCommand,
      reportCommand,
      holdingsCommand,
      ...exportGroup.commands,
      ...importGroup.commands,
      ...txGroup.commands,
    ];
    for (const module of modules) {
      expect('examples' in module && module.examples.length, module.name).toBeGreaterThanOrEqual(1);
      expect('examples' in module && module.examples.length, module.name).toBeLessThanOrEqual(3);
      if ('examples' in module) for (const line of module.examples) expect(line).toMatch(/^folio /);
    }
  });

  it('share the period flags: dates or today/yesterday, --before-taxes, declared periods and scopes', async () => {
    expect(await parseInput(historyCommand, { portfolio: 'IRA', from: 'yesterday', to: 'today', beforeTaxes: true })).toEqual({
      portfolio: 'IRA',
      from: 'yesterday',
      to: 'today',
      beforeTaxes: true,
      scope: 'holdings',
      interval: 'day',
    });
    const analyze = await parseInput(analyzeCommand, { portfolio: 'IRA', period: '1y', scope: 'account', benchmark: ' vti ' });
    expect([analyze.period, analyze.scope, analyze.benchmark]).toEqual(['1y', 'account', 'VTI']);
    const badPeriod = await rejected(parseInput(reportCommand, { portfolio: 'IRA', period: '2y' }));
    expect(badPeriod.message).toBe('--period: expected one of 1d, 1w, wtd, mtd, 1m, 3m, qtd, ytd, 1y, 3y, 5y, max');
    const badBenchmark = await rejected(parseInput(exportGroup.commands.find((c) => c.name === 'performance') as typeof analyzeCommand, { portfolio: 'IRA', benchmark: 'no spaces' }));
    expect(badBenchmark.message).toMatch(/^--benchmark: expected a symbol/);
  });

  it('parse the flags of optimize and tx list into numbers, fractions and type lists', async () => {
    const optimize = await parseInput(optimizeCommand, { portfolio: 'IRA', target: '12%', minWeight: '0.05', points: '30', objective: 'target-return' });
    // 12% = 0.12
    expect([optimize.target, optimize.minWeight, optimize.points, optimize.cov]).toEqual([0.12, 0.05, 30, 'sample']);
    const tooShort = await rejected(parseInput(optimizeCommand, { portfolio: 'IRA', period: '1w' }));
    expect(tooShort.message).toBe('--period: expected one of 1m, 3m, ytd, 1y, 3y, 5y, max');
    const list = txGroup.commands.find((c) => c.name === 'list') as typeof holdingsCommand;
    expect(await parseInput(list, { portfolio: 'IRA', type: 'Buy, sell', limit: '20' })).toMatchObject({ type: ['buy', 'sell'], limit: 20 });
    const badType = await rejected(parseInput(list, { portfolio: 'IRA', type: 'buy,swap' }));
    expect(badType.message).toMatch(/^--type: use one or more of buy, sell/);
  });

  describe('run in process with a context on buffers', () => {
    let world: World;
    beforeAll(async () => {
      world = await createWorld({ name: 'sqlite', available: true }, { inProcess: true });
      await registerUser(world, 'mod@example.com');
      expect((await world.folio(['portfolio', 'add', 'IRA', '--currency', 'USD'])).code).toBe(0);
      const csv = 'date,type,symbol,quantity,price,amount,fee,currency,note\n2024-01-02,buy,AAPL,10,100,,,USD,\n2024-02-01,buy,AAPL,5,110,,,USD,\n2024-03-01,sell,AAPL,12,120,,,USD,\n';
      expect((await world.folio(['tx', 'import', '-', '--portfolio', 'IRA'], { input: csv })).code).toBe(0);
    });
    afterAll(async () => world?.cleanup());

    it('lots: FIFO leaves 3 of the second lot (10 + 5 bought, 12 sold: the first 10, then 2 of the 5)', async () => {
      const { ctx, stdout, stderr } = testContext(world.env, { now: '2024-06-30T12:00:00Z' });
      ctx.globals = { json: true };
      await invoke(ctx, lotsCommand, { portfolio: 'IRA', symbol: 'aapl' });
      await ctx.close();
      expect(stderr()).toBe('');
      // 3 × 110 = 330
      expect(JSON.parse(stdout())).toEqual({
        portfolio: 'IRA',
        symbol: 'AAPL',
        asOf: '2024-06-30',
        lots: [{ date: '2024-02-01', quantity: '3', unitCost: '110', cost: '330', currency: 'USD' }],
      });
    });

    it('holdings: FIFO realises 220 and keeps 3 units at 330 (12 sold at 120 = 1440, their cost 10 × 100 + 2 × 110 = 1220)', async () => {
      const { ctx, stdout } = testContext(world.env, { now: '2024-06-30T12:00:00Z' });
      ctx.globals = { json: true };
      await invoke(ctx, holdingsCommand, { portfolio: 'IRA', value: false });
      await ctx.close();
      const holdings = JSON.parse(stdout());
      expect(holdings.asOf).toBe('2024-06-30');
      expect(holdings.positions).toHaveLength(1);
      expect(holdings.positions[0]).toMatchObject({ symbol: 'AAPL', quantity: '3', costBasis: '330', realizedGain: '220' });
    });

    it('holdings on a terminal: one boxed table of the positions that fits the width', async () => {
      const { ctx, stdout, stderr } = testContext({ ...world.env, NO_COLOR: '1' }, { now: '2024-06-30T12:00:00Z', tty: true, columns: 80 });
      await invoke(ctx, holdingsCommand, { portfolio: 'IRA', value: false });
      await ctx.close();
      const lines = stdout().trimEnd().split('\n');
      expect(stderr()).toContain('IRA — holdings as of 2024-06-30 (FIFO)');
      expect(lines[1]).toMatch(/^│ SYMBOL\s+│ QUANTITY │/);
      expect(lines[3]).toMatch(/^│ AAPL\s+│\s+3 │ .*330\.00 │/);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    });

    it('refuses an output format the module does not have, before running', async () => {
      const show = portfolioGroup.commands.find((c) => c.name === 'show')!;
      const { ctx, stdout } = testContext(world.env);
      ctx.globals = { csv: true };
      const error = await rejected(invoke(ctx, show as Parameters<typeof invoke>[1], { portfolio: 'IRA' }, 'portfolio show'));
      expect([error.kind, error.message]).toEqual(['usage', '`folio portfolio show` has no CSV output (it has --json).']);
      expect(stdout()).toBe('');
      await ctx.close();
    });
  });
});
