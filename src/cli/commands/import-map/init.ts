import { open } from 'node:fs/promises';
import { notFoundError, usageError } from '../../../core/errors.js';
import { TRANSACTION_TYPES } from '../../../core/ledger/types.js';
import type { MappingInput } from '../../../io/import-map/mapping.js';
import type { Sniffed } from '../../../io/import-map/sniff.js';
import type { CliContext } from '../../context.js';
import { ensureWritable, withOutput } from '../../output-file.js';
import type { ImportMapInitOptions } from './import-map.command.js';

const SAMPLE_BYTES = 256 * 1024;

async function readSample(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFoundError(`No such file: ${file}`, 'file_not_found');
    throw usageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Asks for what sniffing left open, on a terminal only; without one, the guesses stand (or a usage error). */
async function complete(ctx: CliContext, sniffed: Sniffed): Promise<void> {
  const prompter = ctx.canPrompt() ? await ctx.prompter() : null;
  const choices = sniffed.columns.filter(Boolean).map((c) => ({ value: c }));
  if (sniffed.guesses.date === undefined) {
    if (!prompter) throw usageError('No date column found by its name: run `folio import-map init` on a terminal to choose it, or write the mapping by hand.', 'missing_flag');
    sniffed.guesses.date = await prompter.select('Which column holds the date?', choices);
    sniffed.dateFormats = (await import('../../../io/import-map/values.js')).sniffDateFormats(sniffed.records.map((r) => r[sniffed.columns.indexOf(sniffed.guesses.date!)] ?? ''));
  }
  if (sniffed.dateFormats.length > 1 && prompter) {
    const chosen = await prompter.select('The dates read more than one way. Which format is it?', sniffed.dateFormats.map((value) => ({ value })));
    sniffed.dateFormats = [chosen];
  }
  if (sniffed.guesses.type === undefined && prompter) {
    const BY_SIGN = '(none: deposits and withdrawals by the sign of the amount)';
    const chosen = await prompter.select('Which column tells the type of a row?', [...choices, { value: BY_SIGN }]);
    if (chosen !== BY_SIGN) {
      sniffed.guesses.type = chosen;
      const { guessType } = await import('../../../io/import-map/sniff.js');
      const values = new Set(sniffed.records.map((r) => (r[sniffed.columns.indexOf(chosen)] ?? '').trim()).filter(Boolean));
      sniffed.typeValues = [...values].map((value) => ({ value, type: guessType(value) }));
    }
  }
  for (const entry of sniffed.typeValues) {
    if (entry.type !== null) continue;
    entry.type = prompter
      ? await prompter.select(`What is a "${entry.value}" row?`, [...TRANSACTION_TYPES, 'skip' as const].map((value) => ({ value })))
      : 'skip';
  }
}

function buildMapping(sniffed: Sniffed): MappingInput {
  const g = sniffed.guesses;
  const columns: Record<string, unknown> = { date: g.date! };
  if (g.symbol || g.isin) columns.symbol = [g.symbol, g.isin].filter(Boolean);
  for (const field of ['quantity', 'price', 'amount', 'fee', 'tax'] as const) if (g[field]) columns[field] = { column: g[field], absolute: true };
  for (const field of ['currency', 'note', 'id'] as const) if (g[field]) columns[field] = g[field];
  const type: MappingInput['type'] = g.type
    ? { column: g.type, values: Object.fromEntries(sniffed.typeValues.map(({ value, type }) => [value, type ?? 'skip'])) }
    : { sign: g.amount ?? g.quantity ?? sniffed.columns[0]!, positive: 'deposit', negative: 'withdrawal' };
  return {
    delimiter: sniffed.delimiter,
    decimal: sniffed.decimal,
    thousands: sniffed.decimal === ',' ? '.' : ',',
    dateFormat: sniffed.dateFormats[0] ?? 'yyyy-MM-dd',
    encoding: sniffed.encoding,
    header: sniffed.header,
    columns: columns as MappingInput['columns'],
    type,
  };
}

/** The first rows as folio would read them, on stderr (the mapping itself is the data). */
async function preview(ctx: CliContext, sniffed: Sniffed, input: MappingInput): Promise<void> {
  const { validateMapping } = await import('../../../io/import-map/mapping.js');
  const { createRowMapper } = await import('../../../io/import-map/row-mapper.js');
  const mapping = validateMapping(input, '(new mapping)');
  const mapper = createRowMapper(mapping, sniffed.columns, sniffed.decimal);
  const lines = sniffed.records.slice(0, 5).map((record) => {
    const result = mapper.map(record);
    if ('skip' in result) return '  (skipped)';
    if ('errors' in result) return `  ! ${result.errors.map((e) => `${e.column}: ${e.message}`).join('; ')}`;
    const r = result.row;
    return `  ${[r.date, r.type, r.symbol, r.quantity, r.price, r.amount, r.fee, r.currency].map((v) => v ?? '').join('  ')}`;
  });
  ctx.info(`Preview (date type symbol quantity price amount fee currency):\n${lines.join('\n')}`);
}

/** `folio import-map init FILE [--output MAP]`: sniff, ask, preview, write. */
export async function runImportMapInit(ctx: CliContext, options: ImportMapInitOptions): Promise<void> {
  if (options.output !== undefined && options.output !== '-') ensureWritable(options.output, options.force); // before any question
  const { sniff } = await import('../../../io/import-map/sniff.js');
  const sniffed = sniff(await readSample(options.file));
  await complete(ctx, sniffed);
  const mapping = buildMapping(sniffed);
  await preview(ctx, sniffed, mapping);
  const yaml = options.output !== undefined && /\.ya?ml$/i.test(options.output);
  const text = yaml ? (await import('yaml')).default.stringify(mapping) : JSON.stringify(mapping, null, 2) + '\n';
  const path = await withOutput(ctx, options, async (sink) => void (await sink.out(text)));
  if (path) ctx.info(`Wrote ${path}. Check it, then: folio tx import ${options.file} --portfolio P --map ${path} --dry-run`);
}
