import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { ImportSource, RowError } from '../core/ledger/transaction-service.js';
import { TRANSACTION_COLUMNS, validateTransaction, type RawTransaction, type ValidationContext } from '../core/ledger/transaction-input.js';
import { transactionFields, type TransactionFields } from '../core/ledger/types.js';
import { usageError } from '../core/errors.js';
import { validateCurrency, validateDescription, validatePortfolioName } from '../core/portfolios/names.js';
import { validateTargets } from '../core/portfolios/targets.js';
import type { NewPortfolio } from '../core/portfolios/portfolios.js';

/**
 * The portfolio document of `folio export portfolio` / `folio import portfolio`: one JSON object
 * with everything about one portfolio, restorable under the same or a new name.
 *
 *   { "format": "folio-portfolio", "version": 1, "exportedAt": "…Z",
 *     "portfolio": { "name", "baseCurrency", "description", "targets": { "AAPL": "40", … } },
 *     "transactions": [ { "date", "type", "symbol", "quantity", "price", "amount", "fee", "currency", "note" }, … ] }
 *
 * Transactions are in (date, entry) order, with exactly the fields (and canonical values) of the
 * import CSV: decimal strings, null for a blank. Ids are not part of it: a restore makes new ones.
 */

export const PORTFOLIO_DOCUMENT_FORMAT = 'folio-portfolio';
export const PORTFOLIO_DOCUMENT_VERSION = 1;

/** The portfolio's metadata as the document carries it. */
export interface PortfolioMetadata {
  name: string;
  baseCurrency: string;
  description: string | null;
  targets: Record<string, string>;
}

export interface TextSink {
  out(text: string): Promise<void> | void;
}

/**
 * Writes the document, streaming the transactions one line each (a million of them never sit in
 * memory); the output is plain JSON that `JSON.parse` reads back.
 */
export async function writePortfolioDocument(
  sink: TextSink,
  metadata: PortfolioMetadata,
  transactions: AsyncIterable<TransactionFields>,
  exportedAt: string,
): Promise<number> {
  const portfolio = {
    name: metadata.name,
    baseCurrency: metadata.baseCurrency,
    description: metadata.description,
    targets: metadata.targets,
  };
  const head = {
    format: PORTFOLIO_DOCUMENT_FORMAT,
    version: PORTFOLIO_DOCUMENT_VERSION,
    exportedAt,
    portfolio,
  };
  // The head pretty-printed without its closing brace, then the transactions array.
  let buffer = JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "transactions": [');
  let count = 0;
  for await (const tx of transactions) {
    buffer += (count === 0 ? '\n    ' : ',\n    ') + JSON.stringify(transactionFields(tx));
    count++;
    if (buffer.length > 65536) {
      await sink.out(buffer);
      buffer = '';
    }
  }
  await sink.out(buffer + (count === 0 ? ']\n}\n' : '\n  ]\n}\n'));
  return count;
}


const Document = z.object({
  format: z.literal(PORTFOLIO_DOCUMENT_FORMAT, { message: `expected "format": "${PORTFOLIO_DOCUMENT_FORMAT}"` }),
  version: z.number().int().positive(),
  exportedAt: z.string().optional(),
  portfolio: z.object({
    name: z.string({ message: 'expected a string' }),
    baseCurrency: z.string({ message: 'expected a string' }),
    description: z.string().nullable().optional(),
    targets: z.record(z.string(), z.string({ message: 'expected a percentage as a string, e.g. "40"' })).optional(),
  }),
  transactions: z.array(z.unknown(), { message: 'expected an array of transactions' }),
});

export interface ParsedPortfolioDocument {
  portfolio: NewPortfolio;
  /** Raw transaction objects, checked by `transactionSource`. */
  transactions: unknown[];
  /** sha256 of the document text (the import's fingerprint). */
  fingerprint: string;
}

const notADocument = (why: string) =>
  usageError(`Not a folio portfolio document (as written by \`folio export portfolio\`): ${why}`, 'bad_document');

/** Parses and checks the document's envelope and metadata (zod, then the same checks as `portfolio add`). */
export function parsePortfolioDocument(text: string): ParsedPortfolioDocument {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw notADocument(`invalid JSON (${(error as Error).message}).`);
  }
  const looksVersioned = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === PORTFOLIO_DOCUMENT_FORMAT;
  const version = looksVersioned ? (json as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > PORTFOLIO_DOCUMENT_VERSION) {
    throw usageError(
      `This portfolio document has version ${version}, made by a newer folio; this one reads version ${PORTFOLIO_DOCUMENT_VERSION}. Upgrade folio to import it.`,
      'document_version',
    );
  }
  const parsed = Document.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw notADocument(`${where}${issue.message}.`);
  }
  const { portfolio, transactions } = parsed.data;
  const targets = portfolio.targets ?? {};
  return {
    portfolio: {
      name: validatePortfolioName(portfolio.name),
      baseCurrency: validateCurrency(portfolio.baseCurrency),
      description: validateDescription(portfolio.description),
      targets: Object.keys(targets).length ? validateTargets(Object.entries(targets)) : {},
    },
    transactions,
    fingerprint: createHash('sha256').update(text).digest('hex'),
  };
}

const COLUMNS = new Set<string>(TRANSACTION_COLUMNS);

/** One document transaction as raw CSV-style text, or why it cannot be one. */
function toRaw(value: unknown): { raw: RawTransaction } | { errors: RowError[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { errors: [{ line: 0, column: '', message: 'expected an object with the fields date, type, symbol, …' }] };
  }
  const raw: RawTransaction = {};
  const errors: RowError[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (!COLUMNS.has(key)) {
      errors.push({ line: 0, column: key, message: `unknown field "${key}": the fields are ${TRANSACTION_COLUMNS.join(', ')}` });
    } else if (typeof field === 'string') {
      raw[key as keyof RawTransaction] = field;
    } else if (typeof field === 'number') {
      // A JSON number is a float: money stays exact only as text.
      errors.push({ line: 0, column: key, message: `write numbers as decimal strings (e.g. "${field}"), not JSON numbers` });
    } else if (field !== null) {
      errors.push({ line: 0, column: key, message: 'expected a string or null' });
    }
  }
  return errors.length ? { errors } : { raw };
}

function validateAt(value: unknown, index: number, context: ValidationContext): { value: TransactionFields } | { errors: RowError[] } {
  const converted = toRaw(value);
  const at = index + 1;
  if ('errors' in converted) return { errors: converted.errors.map((e) => ({ ...e, line: at })) };
  const result = validateTransaction(converted.raw, context);
  if (!result.ok) return { errors: result.errors.map((e) => ({ line: at, column: e.column, message: e.message })) };
  return { value: result.value };
}

/** "transactions[3] (2024-03-10), quantity: …" lines, the document's way to point at a row. */
export function formatDocumentErrors(errors: RowError[], truncated: boolean): string {
  const lines = errors.map((e) => `  transaction ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
  return lines.join('\n') + (truncated ? `\n  … stopped after the first ${errors.length} errors` : '');
}

/**
 * Checks every transaction with `validateTransaction` (the CSV rows' check), failing with up to
 * `maxErrors` of them; then returns the import source that feeds the transaction service, whose
 * rows are numbered from 1 in document order.
 */
export function transactionSource(document: ParsedPortfolioDocument, context: ValidationContext, source: string, maxErrors = 20): ImportSource {
  const errors: RowError[] = [];
  let truncated = false;
  document.transactions.forEach((value, index) => {
    if (truncated) return;
    const checked = validateAt(value, index, context);
    if ('errors' in checked) {
      for (const error of checked.errors) {
        if (errors.length >= maxErrors) truncated = true;
        else errors.push(error);
      }
    }
  });
  if (errors.length) {
    throw usageError(
      `Nothing was imported: ${errors.length === 1 ? 'a transaction is' : 'transactions are'} not valid.\n${formatDocumentErrors(errors, truncated)}`,
      'invalid_rows',
      errors,
    );
  }
  return {
    source,
    async read(onRow) {
      const { transactions } = document;
      for (let i = 0; i < transactions.length; i++) {
        const checked = validateAt(transactions[i], i, context);
        if ('value' in checked) await onRow(checked.value, i + 1);
      }
      return { rows: transactions.length, errors: [], fingerprint: document.fingerprint };
    },
  };
}
