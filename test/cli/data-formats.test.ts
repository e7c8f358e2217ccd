import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, registerUser, type World } from '../helpers/backends.js';

/**
 * The data commands not covered by formats.test.ts: each prints one CSV table under --csv (header as
 * documented, no box drawing) and one JSON document under --json, through src/cli/output.ts.
 */
describe('data commands honour --json and --csv', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true }, { inProcess: true, now: '2026-11-25T21:00:00Z' });
    await registerUser(world, 'formats@example.com');
    for (const args of [
      ['portfolio', 'add', 'P', '--currency', 'USD', '--target', 'VTI=100'],
      ['tx', 'add', 'P', '--type', 'deposit', '--amount', '1000', '--date', '2024-01-02'],
      ['tx', 'add', 'P', '--type', 'buy', '--symbol', 'VTI', '--quantity', '2', '--price', '200', '--date', '2024-01-03'],
      ['alerts', 'add', '--type', 'price-above', '--symbol', 'VTI', '--threshold', '1000'],
    ]) {
      const result = await world.folio(args);
      expect(result.code, result.stderr).toBe(0);
    }
  });
  afterAll(async () => world?.cleanup());

  it.each([
    [['instruments', 'show', 'VTI'], 'symbol,name,class,sector,currency,source,latestDate,latestClose,firstDate'],
    [['allocation', 'P'], 'key,value,weight,target,drift,difference'],
    [['indicators', 'VTI'], 'date,close,sma,ema,rsi,macd,macdSignal,macdHistogram,bollingerUpper,bollingerMiddle,bollingerLower'],
    [['history', 'P'], 'date,marketValue,value,netFlows,twrIndex,drawdown'],
    [['lots', 'P', 'VTI'], 'date,quantity,unitCost,cost,currency'],
    [['notifications', 'list'], 'id,createdAt,kind,severity,subject,read'],
    [['alerts', 'list'], 'id,type,symbol,portfolio,threshold,severity,status,state,lastValue,lastFiredAt,createdAt'],
  ])('%j --csv starts with %j', async (args, header) => {
    const result = await world.folio([...args, '--csv']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(header);
    expect(result.stdout).not.toMatch(/[│┌─]/);
  });

  it('lots --csv is the one lot bought: 2 VTI at 200, cost 400', async () => {
    const result = await world.folio(['lots', 'P', 'VTI', '--csv']);
    expect(result.stdout).toBe('date,quantity,unitCost,cost,currency\n2024-01-03,2,200,400,USD\n');
  });

  it.each([
    [['instruments', 'show', 'VTI'], (data: any) => expect(data.symbol).toBe('VTI')],
    [['allocation', 'P'], (data: any) => expect(data.portfolio).toBe('P')],
    [['indicators', 'VTI'], (data: any) => expect(data.symbol).toBe('VTI')],
    [['history', 'P'], (data: any) => expect(data.portfolio).toBe('P')],
    [['lots', 'P', 'VTI'], (data: any) => expect(data.portfolio).toBe('P')],
    [['notifications', 'list'], (data: any) => expect(data).toEqual([])],
    [['alerts', 'list'], (data: any) => expect(data.map((a: any) => [a.type, a.symbol, a.threshold])).toEqual([['price-above', 'VTI', '1000']])],
  ])('%j --json prints one JSON document', async (args, check) => {
    const result = await world.folio([...args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    check(JSON.parse(result.stdout));
  });
});
