import { dec, decString } from '../core/decimal.js';
import type { TransactionFields } from '../core/ledger/types.js';

/**
 * A portfolio as a Ghostfolio JSON export (`{ meta, accounts, activities }`, the file Ghostfolio's
 * import reads, and folio's `ghostfolio-json` preset too). One account holds every activity.
 * Ghostfolio's activity numbers are JSON numbers: decimal strings become numbers here (exact up
 * to about 15 significant digits, which money and share counts are far from).
 * Mapped: buy and transfer-in → BUY, sell and transfer-out → SELL (the comment says which),
 * dividend → DIVIDEND and interest → INTEREST (quantity 1 at the amount; the tax withheld as fee),
 * fee → FEE (the amount as fee). Deposits, withdrawals, taxes and splits have no Ghostfolio activity:
 * they are left out and counted.
 */

export interface GhostfolioExport {
  text: string;
  activities: number;
  skipped: number;
}

export const GHOSTFOLIO_ACCOUNT_ID = '00000000-0000-4000-8000-00000000f010';

function activity(tx: TransactionFields, accountId: string): Record<string, unknown> | null {
  const num = (value: string | null) => (value === null ? 0 : Number(value));
  const base = { accountId, comment: tx.note, currency: tx.currency, dataSource: 'YAHOO', date: `${tx.date}T00:00:00.000Z`, symbol: tx.symbol };
  switch (tx.type) {
    case 'buy':
    case 'sell':
    case 'transfer-in':
    case 'transfer-out': {
      const type = tx.type === 'buy' || tx.type === 'transfer-in' ? 'BUY' : 'SELL';
      const comment = tx.type.startsWith('transfer') ? [tx.type, tx.note].filter(Boolean).join(': ') : tx.note;
      return { ...base, comment, fee: num(tx.fee), quantity: num(tx.quantity), type, unitPrice: num(tx.price) };
    }
    case 'dividend':
    case 'interest':
      // Ghostfolio has no tax field: the tax withheld goes into the fee, with any fee.
      return { ...base, fee: num(tx.fee) + num(tx.tax), quantity: 1, type: tx.type.toUpperCase(), unitPrice: num(tx.amount) };
    case 'fee':
      // A fee of the account has no security: Ghostfolio takes a manual "symbol"; one with a space reads back as none.
      return { ...base, dataSource: tx.symbol ? 'YAHOO' : 'MANUAL', symbol: tx.symbol ?? 'Account fee', fee: num(tx.amount), quantity: 0, type: 'FEE', unitPrice: 0 };
    default:
      return null;
  }
}

export async function toGhostfolio(
  portfolio: { name: string; baseCurrency: string },
  transactions: AsyncIterable<TransactionFields>,
  exportedAt: string,
): Promise<GhostfolioExport> {
  const activities: Array<Record<string, unknown>> = [];
  let skipped = 0;
  for await (const tx of transactions) {
    const mapped = activity(tx, GHOSTFOLIO_ACCOUNT_ID);
    if (mapped) activities.push(mapped);
    else skipped++;
  }
  const document = {
    meta: { date: exportedAt, version: 'folio' },
    accounts: [{ balance: 0, comment: null, currency: portfolio.baseCurrency, id: GHOSTFOLIO_ACCOUNT_ID, isExcluded: false, name: portfolio.name, platformId: null }],
    activities,
  };
  return { text: JSON.stringify(document, null, 2) + '\n', activities: activities.length, skipped };
}

const CSV_HEADER = 'Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note';

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The same activities as Ghostfolio's CSV import reads them (`Date,Code,DataSource,Currency,Price,
 * Quantity,Action,Fee,Note`, ISO dates), with folio's exact decimal strings.
 */
export async function toGhostfolioCsv(transactions: AsyncIterable<TransactionFields>): Promise<GhostfolioExport> {
  const lines = [CSV_HEADER];
  let skipped = 0;
  for await (const tx of transactions) {
    const a = activity(tx, GHOSTFOLIO_ACCOUNT_ID);
    if (a === null) {
      skipped++;
      continue;
    }
    // Decimal strings as folio keeps them (no float round trip): the same fields the JSON carries as numbers.
    const exact = {
      Price: tx.type === 'dividend' || tx.type === 'interest' ? tx.amount : tx.type === 'fee' ? '0' : tx.price,
      Quantity: tx.type === 'dividend' || tx.type === 'interest' ? '1' : tx.type === 'fee' ? '0' : tx.quantity,
      Fee: tx.type === 'fee' ? tx.amount : tx.tax ? decString(dec(tx.fee ?? '0').plus(dec(tx.tax))) : (tx.fee ?? '0'),
    };
    lines.push([tx.date, a.symbol, a.dataSource, tx.currency, exact.Price, exact.Quantity, String(a.type).toLowerCase(), exact.Fee, a.comment].map(csvCell).join(','));
  }
  return { text: lines.join('\n') + '\n', activities: lines.length - 1, skipped };
}
