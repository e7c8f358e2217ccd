import { validateMapping, type Mapping, type MappingInput } from './mapping.js';
import { PRESET_NAMES, type PresetName } from './preset-names.js';

export { PRESET_NAMES };

/**
 * Built-in mappings for the exports people have, each written against real sample files from
 * public repositories (kept as fixtures under fixtures/import/brokers/, each with its SOURCE).
 * `folio import-map list` shows them; `folio tx import FILE --preset NAME` uses one.
 */

const TAX = 'tax';
/** A ticker-like value; anything else (a Ghostfolio manual asset's name or UUID) leaves the symbol blank. */
const TICKER = '^[A-Za-z0-9^][A-Za-z0-9.=^-]{0,19}$';

const PRESETS: Record<PresetName, MappingInput> = {
  'ibkr-flex': {
    description: 'Interactive Brokers Flex query, Trades section (CSV)',
    delimiter: ',',
    dateFormat: ['yyyyMMdd', 'yyyy-MM-dd'],
    columns: {
      date: ['TradeDate', 'Date/Time', 'DateTime'],
      symbol: ['Symbol', 'ISIN'],
      quantity: { column: 'Quantity', absolute: true },
      price: { column: ['TradePrice', 'Price'], absolute: true },
      fee: { column: ['IBCommission', 'Commission'], absolute: true, optional: true },
      tax: { column: 'Taxes', absolute: true, optional: true },
      currency: ['CurrencyPrimary', 'Currency'],
      id: { column: ['TransactionID', 'TradeID'], optional: true },
    },
    type: { column: 'Buy/Sell', values: { BUY: 'buy', SELL: 'sell' } },
    // Currency conversions (USD.CHF) come as trades without a security: not holdings.
    skip: [{ blank: ['Symbol', 'ISIN'] }],
  },
  degiro: {
    description: 'DEGIRO account statement (Account.csv / Rekeningoverzicht), Dutch, English, French, Spanish and Portuguese',
    delimiter: ',',
    decimal: 'auto',
    dateFormat: 'dd-MM-yyyy',
    columns: {
      date: ['Datum', 'Date'],
      symbol: 'ISIN',
      quantity: { column: ['Omschrijving', 'Description'], pattern: '^\\S+ ([\\d.,]+)' },
      price: { column: ['Omschrijving', 'Description'], pattern: '@ ?([\\d.,]+)' },
      amount: { column: '#9', absolute: true },
      currency: '#8',
      id: { column: ['Order Id', 'Order ID'], optional: true },
    },
    type: {
      column: ['Omschrijving', 'Description'],
      match: 'regex',
      values: {
        '^(Koop|Buy|Compra|Achat|Kauf) \\d': 'buy',
        '^(Verkoop|Sell|Venta|Vente|Verkauf) \\d': 'sell',
        '^(Dividend|Dividende)$': 'dividend',
        '^(Dividendbelasting|Dividend Tax|Impôts sur dividende|Dividendensteuer)': TAX,
        'Transactiekosten|Transaction (and/or|costs)|Frais DEGIRO|Comissões de transação|Aansluitingskosten|Connection Fee|Corporate Action Kosten': 'fee',
        '^(iDEAL Deposit|Ingreso|Deposit|Einzahlung)$': 'deposit',
        '^flatex terugstorting$': 'withdrawal',
      },
      otherwise: 'skip', // cash sweeps, FX legs, reservations, money-market fund moves
    },
  },
  'degiro-transactions': {
    description: 'DEGIRO Transactions export (Transactions.csv), any language: columns by position',
    delimiter: ',',
    decimal: 'auto',
    dateFormat: 'dd-MM-yyyy',
    // The header names change with the language and the year; the positions do not (fees are the
    // 15th column in both layouts), and the fee is in the account's currency as DEGIRO charges it.
    columns: {
      date: '#1',
      symbol: '#4',
      quantity: { column: '#7', absolute: true },
      price: { column: '#8', absolute: true },
      fee: { column: '#15', absolute: true },
      currency: '#9',
      id: { column: ['Order ID', 'Order Id'], optional: true },
    },
    type: { sign: '#7', positive: 'buy', negative: 'sell' },
  },
  trading212: {
    description: 'Trading 212 history export (CSV)',
    delimiter: ',',
    dateFormat: 'yyyy-MM-dd',
    columns: {
      date: 'Time',
      symbol: ['Ticker', 'ISIN'],
      quantity: { column: 'No. of shares', absolute: true },
      price: { column: 'Price / share', absolute: true },
      amount: { column: 'Total', absolute: true },
      fee: { column: ['Currency conversion fee', 'Stamp duty reserve tax', 'Transaction fee'], sum: true, absolute: true, optional: true },
      tax: { column: 'Withholding tax', absolute: true, optional: true },
      currency: ['Currency (Price / share)', 'Currency (Total)'],
      note: { column: 'Notes', optional: true },
      id: { column: 'ID', optional: true },
    },
    type: {
      column: 'Action',
      match: 'prefix',
      values: {
        'market buy': 'buy',
        'limit buy': 'buy',
        'stop buy': 'buy',
        'market sell': 'sell',
        'limit sell': 'sell',
        'stop sell': 'sell',
        'dividend': 'dividend',
        'interest on cash': 'interest',
        'deposit': 'deposit',
        'withdrawal': 'withdrawal',
        'transfer in': 'transfer-in',
        'transfer out': 'transfer-out',
      },
      otherwise: 'skip',
    },
  },
  schwab: {
    description: 'Charles Schwab transaction history (CSV)',
    delimiter: ',',
    dateFormat: 'MM/dd/yyyy', // "07/15/2024 as of 07/12/2024" reads as the first date
    thousands: ',',
    columns: {
      date: 'Date',
      symbol: { column: 'Symbol', pattern: TICKER },
      quantity: { column: 'Quantity', absolute: true },
      price: { column: 'Price', absolute: true },
      amount: { column: 'Amount', absolute: true },
      fee: { column: 'Fees & Comm', absolute: true },
      currency: { value: 'USD' },
      note: 'Description',
    },
    type: {
      column: 'Action',
      values: {
        'Buy': 'buy',
        'Reinvest Shares': 'buy',
        'Sell': 'sell',
        'Cash Dividend': 'dividend',
        'Reinvest Dividend': 'dividend',
        'Qual Div Reinvest': 'dividend',
        'Non-Qualified Div': 'dividend',
        'Special Non Qual Div': 'dividend',
        'Pr Yr Div Reinvest': 'dividend',
        'Pr Yr Cash Div': 'dividend',
        'Long Term Cap Gain Reinvest': 'dividend',
        'Credit Interest': 'interest',
        'Bank Interest': 'interest',
        'Advisor Fee': 'fee',
        'ADR Mgmt Fee': 'fee',
        'Foreign Tax Paid': TAX,
        'Wire Sent': 'withdrawal',
        'Wire Received': 'deposit',
        'MoneyLink Transfer': 'deposit/withdrawal',
        'Journaled Shares': 'transfer-in/transfer-out',
        // Corporate actions and internal moves: enter splits with `folio tx add --type split`.
        'Stock Split': 'skip',
        'Reverse Split': 'skip',
        'Internal Transfer': 'skip',
        'Name Change': 'skip',
        'Conversion': 'skip',
        'Stock Merger': 'skip',
        'Spin-off': 'skip',
        'Stock Div Dist': 'skip',
        'Cash In Lieu': 'skip',
      },
      sign: ['Quantity', 'Amount'],
    },
  },
  fidelity: {
    description: 'Fidelity account history (History_for_Account / Accounts_History CSV)',
    delimiter: ',',
    dateFormat: 'MM/dd/yyyy',
    columns: {
      date: 'Run Date',
      symbol: { column: 'Symbol', pattern: TICKER },
      quantity: { column: 'Quantity', absolute: true },
      price: { column: ['Price', 'Price ($)'], absolute: true },
      amount: { column: ['Amount', 'Amount ($)'], absolute: true },
      fee: { column: ['Commission', 'Commission ($)', 'Fees', 'Fees ($)'], sum: true, absolute: true },
      currency: { value: 'USD' },
      note: ['Description', 'Security Description'],
    },
    type: {
      column: 'Action',
      match: 'prefix',
      values: {
        'YOU BOUGHT': 'buy',
        'REINVESTMENT': 'buy',
        'YOU SOLD': 'sell',
        'DIVIDEND RECEIVED': 'dividend',
        'MUNI EXEMPT INT': 'interest',
        'INTEREST EARNED': 'interest',
        'FOREIGN TAX PAID': TAX,
        'DIRECT DEPOSIT': 'deposit',
        'CHECK RECEIVED': 'deposit',
        'TRANSFERRED FROM': 'deposit',
        'TRANSFERRED TO': 'withdrawal',
        'CHECK PAID': 'withdrawal',
      },
      otherwise: 'skip', // redemptions, mergers and other corporate actions: enter them by hand
    },
    skip: [{ blank: 'Action' }], // the blank lines and "Date downloaded …" at the end of the file
  },
  'ghostfolio-csv': {
    description: 'Ghostfolio activities CSV (its import format)',
    delimiter: ',',
    dateFormat: ['yyyy-MM-dd', 'dd-MM-yyyy', 'dd/MM/yyyy', 'dd.MM.yyyy', 'yyyyMMdd'],
    columns: {
      date: 'Date',
      symbol: { column: ['Code', 'Symbol', 'Ticker'], pattern: TICKER },
      quantity: { column: ['Quantity', 'Qty', 'Shares', 'Units'], absolute: true },
      price: { column: ['Price', 'UnitPrice', 'Value'], absolute: true },
      fee: { column: ['Fee', 'Commission'], absolute: true, optional: true },
      currency: ['Currency', 'Ccy', 'CurrencyPrimary'],
      note: { column: ['Note', 'Comment'], optional: true },
    },
    type: {
      column: ['Action', 'Type'],
      values: { buy: 'buy', sell: 'sell', dividend: 'dividend', fee: 'fee', interest: 'interest', item: 'skip', liability: 'skip' },
    },
  },
  'ghostfolio-json': {
    description: 'Ghostfolio JSON export (meta, accounts, activities)',
    format: 'ghostfolio-json',
    dateFormat: 'yyyy-MM-dd',
    columns: {
      date: 'date',
      symbol: { column: 'symbol', pattern: TICKER },
      quantity: { column: 'quantity', absolute: true },
      price: { column: 'unitPrice', absolute: true },
      fee: { column: 'fee', absolute: true },
      currency: 'currency',
      note: 'comment',
    },
    type: {
      column: 'type',
      values: { BUY: 'buy', SELL: 'sell', DIVIDEND: 'dividend', FEE: 'fee', INTEREST: 'interest', ITEM: 'skip', LIABILITY: 'skip' },
    },
  },
  'pp-csv': {
    description: 'Portfolio Performance CSV export of account or portfolio transactions (German or English headers and numbers)',
    delimiter: ';',
    decimal: 'auto',
    dateFormat: ['yyyy-MM-dd', 'dd.MM.yyyy'],
    columns: {
      date: ['Date', 'Datum'],
      symbol: { column: ['Ticker Symbol', 'Ticker-Symbol', 'ISIN'], pattern: TICKER },
      quantity: { column: ['Shares', 'Stück'], absolute: true },
      price: { fromTotal: ['Value', 'Wert'] },
      amount: { column: ['Value', 'Wert'], absolute: true, net: true },
      fee: { column: ['Fees', 'Gebühren'], absolute: true, optional: true },
      tax: { column: ['Taxes', 'Steuern'], absolute: true, optional: true },
      currency: ['Transaction Currency', 'Buchungswährung'],
      note: { column: ['Note', 'Notiz'], optional: true },
    },
    type: {
      column: ['Type', 'Typ'],
      values: {
        'Buy': 'buy',
        'Kauf': 'buy',
        'Sell': 'sell',
        'Verkauf': 'sell',
        'Dividend': 'dividend',
        'Dividende': 'dividend',
        'Interest': 'interest',
        'Zinsen': 'interest',
        'Deposit': 'deposit',
        'Einlage': 'deposit',
        'Removal': 'withdrawal',
        'Entnahme': 'withdrawal',
        'Fees': 'fee',
        'Gebühren': 'fee',
        'Taxes': TAX,
        'Steuern': TAX,
        'Delivery (Inbound)': 'transfer-in',
        'Einlieferung': 'transfer-in',
        'Delivery (Outbound)': 'transfer-out',
        'Auslieferung': 'transfer-out',
        // Moves between PP's own accounts and refunds: not money in or out of the portfolio.
        'Transfer (Inbound)': 'skip',
        'Transfer (Outbound)': 'skip',
        'Umbuchung (Eingang)': 'skip',
        'Umbuchung (Ausgang)': 'skip',
        'Fees Refund': 'skip',
        'Gebührenerstattung': 'skip',
        'Tax Refund': 'skip',
        'Steuerrückerstattung': 'skip',
      },
    },
  },
};

const preset = (name: string): MappingInput | undefined => (Object.hasOwn(PRESETS, name) ? PRESETS[name as PresetName] : undefined);

export function presetDescription(name: string): string {
  return preset(name)?.description ?? '';
}

export function presetMapping(name: string): Mapping | undefined {
  const input = preset(name);
  return input === undefined ? undefined : validateMapping({ name, ...input }, `preset ${name}`);
}
