import { dec, decString } from '../core/decimal.js';
import type { TransactionFields } from '../core/ledger/types.js';

/**
 * A portfolio as a plain-text accounting journal for hledger, ledger or beancount:
 *   Assets:Investments:SYMBOL   commodity postings at cost ({price} lots for sells too)
 *   Assets:Cash                 money in and out
 *   Expenses:Fees, Expenses:Taxes, Income:Dividends, Income:Interest, Equity:Transfers, Equity:Deposits
 *   Income:Gains                realised gains of sells (the balancing posting)
 * and `P` price directives for the closes of what is held at the end. Amounts are exact decimal
 * strings. Symbols are quoted in hledger/ledger ("VTI.L"); beancount needs names of capitals.
 */

export type JournalFormat = 'hledger' | 'ledger' | 'beancount';

export interface JournalPrice {
  date: string;
  symbol: string;
  close: string;
  currency: string;
}

const neg = (value: string) => (value.startsWith('-') ? value.slice(1) : value === '0' ? '0' : `-${value}`);
const times = (a: string, b: string) => decString(dec(a).times(dec(b)));

/** A commodity name the format accepts: hledger/ledger quote anything; beancount wants [A-Z][A-Z0-9'._-]*. */
export function commodity(symbol: string, format: JournalFormat): string {
  if (format !== 'beancount') return /^[A-Za-z]+$/.test(symbol) ? symbol : `"${symbol}"`;
  const name = symbol.toUpperCase().replace(/[^A-Z0-9'._-]/g, '-');
  return /^[A-Z]/.test(name) ? name : `X${name}`;
}

/** An account name part for a symbol, valid in all three (beancount: a capital, then letters, digits and -). */
function holdingAccount(symbol: string): string {
  const part = symbol.toUpperCase().replace(/[^A-Z0-9-]/g, '-');
  return `Assets:Investments:${/^[A-Z]/.test(part) ? part : `X${part}`}`;
}

function account(format: JournalFormat, path: string): string {
  return format === 'beancount' ? path.replace(/:([a-z])/g, (_m, c: string) => `:${c.toUpperCase()}`) : path;
}

interface Posting {
  account: string;
  amount?: string; // "10 VTI {100 USD}" or "-5 USD"; blank = the balancing posting
}

function entry(format: JournalFormat, date: string, payee: string, postings: Posting[]): string {
  const head = format === 'beancount' ? `${date} * ${JSON.stringify(payee)}` : `${date} ${payee}`;
  const lines = postings.map((p) => (p.amount === undefined ? `    ${account(format, p.account)}` : `    ${account(format, p.account).padEnd(36)}  ${p.amount}`));
  return `${head}\n${lines.join('\n')}\n\n`;
}

/** Lot price: hledger and ledger take `@@`-free `{}` lot costs; beancount the same `{}` syntax. */
function lot(quantity: string, symbol: string, unitCost: string, currency: string, format: JournalFormat): string {
  return `${quantity} ${commodity(symbol, format)} {${unitCost} ${currency}}`;
}

/** One transaction as a journal entry. */
export function journalEntry(tx: TransactionFields, format: JournalFormat, soldCost?: string): string {
  const c = tx.currency;
  const payee = [tx.type, tx.symbol, tx.note].filter(Boolean).join(' ');
  // A tax withheld (folio's `tax` column, where it exists) is a cost of its own, like a fee.
  const taxText = (tx as { tax?: string | null }).tax ?? null;
  const tax = taxText && taxText !== '0' ? taxText : null;
  const fee = tx.fee && tx.fee !== '0' ? (tax ? decString(dec(tx.fee).plus(dec(tax))) : tx.fee) : tax;
  const feePosting = [
    ...(tx.fee && tx.fee !== '0' ? [{ account: 'Expenses:Fees', amount: `${tx.fee} ${c}` }] : []),
    ...(tax ? [{ account: 'Expenses:Taxes', amount: `${tax} ${c}` }] : []),
  ];
  switch (tx.type) {
    case 'buy':
    case 'transfer-in': {
      const gross = times(tx.quantity!, tx.price!);
      const from = tx.type === 'buy' ? 'Assets:Cash' : 'Equity:Transfers';
      const paid = fee ? decString(dec(gross).plus(dec(fee))) : gross;
      return entry(format, tx.date, payee, [
        { account: holdingAccount(tx.symbol!), amount: lot(tx.quantity!, tx.symbol!, tx.price!, c, format) },
        ...feePosting,
        { account: from, amount: `${neg(paid)} ${c}` },
      ]);
    }
    case 'sell':
    case 'transfer-out': {
      const gross = times(tx.quantity!, tx.price!);
      const to = tx.type === 'sell' ? 'Assets:Cash' : 'Equity:Transfers';
      const received = fee ? decString(dec(gross).minus(dec(fee))) : gross;
      // The units leave at their cost ({} picks the lots: FIFO in hledger and beancount's default booking);
      // the gain is the balancing posting.
      // hledger and ledger: the units leave at their FIFO cost (folio's, fees included), so Income:Gains is the realised gain before the sale's fee.
      const units =
        format === 'beancount' ? `-${tx.quantity} ${commodity(tx.symbol!, format)} {} @ ${tx.price} ${c}`
        : `-${tx.quantity} ${commodity(tx.symbol!, format)} @@ ${soldCost ?? gross} ${c}`;
      return entry(format, tx.date, payee, [
        { account: holdingAccount(tx.symbol!), amount: units },
        { account: to, amount: `${received} ${c}` },
        ...feePosting,
        { account: 'Income:Gains' },
      ]);
    }
    case 'dividend':
    case 'interest': {
      const source = tx.type === 'dividend' ? 'Income:Dividends' : 'Income:Interest';
      const net = fee ? decString(dec(tx.amount!).minus(dec(fee))) : tx.amount!;
      return entry(format, tx.date, payee, [{ account: 'Assets:Cash', amount: `${net} ${c}` }, ...feePosting, { account: source, amount: `${neg(tx.amount!)} ${c}` }]);
    }
    case 'deposit':
    case 'withdrawal': {
      const signed = tx.type === 'deposit' ? tx.amount! : neg(tx.amount!);
      const cash = fee ? decString(dec(signed).minus(dec(fee))) : signed;
      return entry(format, tx.date, payee, [{ account: 'Assets:Cash', amount: `${cash} ${c}` }, ...feePosting, { account: 'Equity:Deposits', amount: `${neg(signed)} ${c}` }]);
    }
    case 'fee':
      return entry(format, tx.date, payee, [{ account: 'Expenses:Fees', amount: `${tx.amount} ${c}` }, { account: 'Assets:Cash', amount: `${neg(tx.amount!)} ${c}` }]);
    default:
      if ((tx.type as string) === 'tax') {
        return entry(format, tx.date, payee, [{ account: 'Expenses:Taxes', amount: `${tx.amount} ${c}` }, { account: 'Assets:Cash', amount: `${neg(tx.amount!)} ${c}` }]);
      }
      // A split changes units, not value; the journals have no exact equivalent: a comment.
      return `${format === 'beancount' ? ';' : ';'} ${tx.date} ${tx.type} ${tx.symbol ?? ''} ${tx.quantity ?? tx.amount ?? ''} (not representable; see README)\n\n`;
  }
}

export function journalHeader(format: JournalFormat, currencies: string[], symbols: string[], firstDate: string): string {
  if (format !== 'beancount') return `; folio journal (${format})\n\n`;
  const accounts = ['Assets:Cash', 'Expenses:Fees', 'Expenses:Taxes', 'Income:Dividends', 'Income:Interest', 'Income:Gains', 'Equity:Transfers', 'Equity:Deposits'];
  const opens = [...accounts, ...new Set(symbols.map(holdingAccount))];
  return (
    `; folio journal (beancount)\noption "operating_currency" "${currencies[0] ?? 'USD'}"\n\n` +
    opens.map((a) => `${firstDate} open ${a}${a.startsWith('Assets:Investments') ? ' "FIFO"' : ''}`).join('\n') +
    '\n\n'
  );
}

export function priceDirective(price: JournalPrice, format: JournalFormat): string {
  return format === 'beancount'
    ? `${price.date} price ${commodity(price.symbol, format)} ${price.close} ${price.currency}\n`
    : `P ${price.date} ${commodity(price.symbol, format)} ${price.close} ${price.currency}\n`;
}
