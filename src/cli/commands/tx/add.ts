import { resolveDateWord, toCalendarDate } from '../../../core/dates.js';
import { TYPE_RULES, validateTransaction, type RawTransaction } from '../../../core/ledger/transaction-input.js';
import { TRANSACTION_TYPES, type TransactionType } from '../../../core/ledger/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { describeTransaction, flagErrors, rawFromFlags, transactionJson } from './fields.js';
import type { TxAddOptions } from './tx.command.js';

/**
 * On a terminal, asks for what the flags left out; scripts get a usage error naming the flag instead.
 * Each answer is checked as the flag would be (the same validation, this field's errors only), and
 * asked again until it passes: nothing typed is lost to a mistake in a later field.
 */
async function completeInteractively(ctx: CliContext, raw: RawTransaction, today: string, currency: string): Promise<RawTransaction> {
  const prompter = await ctx.prompter();
  const type = (raw.type ?? (await prompter.select('Type', TRANSACTION_TYPES.map((t) => ({ value: t }))))) as TransactionType;
  const next: RawTransaction = { ...raw, type };
  const check = (field: keyof RawTransaction) => (value: string) => {
    const result = validateTransaction({ date: today, ...next, [field]: value }, { today, defaultCurrency: currency });
    const error = result.ok ? undefined : result.errors.find((e) => e.column === field);
    return error ? error.message : true;
  };
  const ask = async (field: keyof RawTransaction, message: string, fallback?: string) => {
    if (next[field] === undefined) next[field] = await prompter.input(message, { validate: check(field), ...(fallback !== undefined && { default: fallback }) });
  };
  const trade = TYPE_RULES[type]?.price === 'required'; // buy, sell, transfer-in, transfer-out
  if (trade || type === 'split') await ask('symbol', 'Symbol');
  if (trade) {
    await ask('quantity', 'Quantity');
    await ask('price', type.startsWith('transfer') ? 'Cost (or value) per unit' : 'Price per unit');
    await ask('fee', 'Fee', '0');
  } else if (type === 'split') {
    await ask('quantity', 'Split ratio (2:1, 1:3, 3/2)');
  } else {
    await ask('amount', 'Amount');
  }
  await ask('date', 'Date', today);
  return next;
}

export async function runTxAdd(ctx: CliContext, options: TxAddOptions): Promise<void> {
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'write');
  const today = toCalendarDate(ctx.clock.now());
  let raw = rawFromFlags(options);
  if (raw.type === undefined && ctx.canPrompt()) raw = await completeInteractively(ctx, raw, today, portfolio.baseCurrency);
  raw.date = raw.date === undefined ? today : resolveDateWord(raw.date, today);

  const validated = validateTransaction(raw, { today, defaultCurrency: portfolio.baseCurrency });
  if (!validated.ok) throw flagErrors(validated.errors);
  const { service } = await openLedger(ctx);
  const tx = await service.add(portfolio.id, validated.value);

  if (ctx.format() === 'json') return ctx.json(transactionJson(tx));
  ctx.info(`Added ${describeTransaction(tx)} to ${portfolio.name}.`);
  await ctx.out(`${tx.id}\n`);
}
