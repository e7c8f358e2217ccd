import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuplicateFilter } from '../../src/core/ledger/duplicates.js';
import { mappedTransactionSource } from '../../src/io/import-map/mapped-import.js';
import { parseMappingText, validateMapping, type Mapping } from '../../src/io/import-map/mapping.js';
import { presetMapping, PRESET_NAMES } from '../../src/io/import-map/presets.js';
import { csvRecords, ghostfolioRecords } from '../../src/io/import-map/records.js';
import { compileDateFormat, readDate, readNumber, readNumberAuto, sniffDateFormats, sniffDecimal } from '../../src/io/import-map/values.js';
import { rejected } from '../helpers/errors.js';

const BROKERS = join(import.meta.dirname, '../../fixtures/import/brokers');
const context = { today: '2026-11-26', defaultCurrency: 'EUR' };

describe('numbers and dates as brokers write them', () => {
  it.each([
    ['1.234,56', ',', '.', '1234.56'],
    ['-2.151,85', ',', '.', '-2151.85'],
    ['$1,259.59', '.', ',', '1259.59'],
    ['-$3,706.38', '.', ',', '-3706.38'],
    ['(12.50)', '.', '', '-12.50'],
    ['12,5', ',', '', '12.5'],
    ['1,5', '.', '', null], // a comma where the decimal is a dot and no thousands separator is declared
    ['abc', '.', '', null],
  ] as const)('%s (decimal %s, thousands "%s") is %s', (text, decimal, thousands, expected) => {
    expect(readNumber(text, decimal, thousands)).toBe(expected);
  });

  it.each([
    ['-97.93', ',', '-97.93'], // two decimals after the dot: a dot decimal, whatever the file says
    ['33,9', '.', '33.9'],
    ['0,039', ',', '0.039'], // three digits: the file's separator decides
    ['1.234', ',', '1234'],
    ['1.234.567,8', '.', '1234567.8'],
  ] as const)('auto: %s (file decimal %s) is %s', (text, fileDecimal, expected) => {
    expect(readNumberAuto(text, fileDecimal)).toBe(expected);
  });

  it('sniffs the decimal separator from a file’s numbers', () => {
    expect(sniffDecimal(['20', '2.151,85'])).toBe(',');
    expect(sniffDecimal(['1,234.00'])).toBe('.');
    expect(sniffDecimal(['10,25', '1,000'])).toBe(','); // "10,25" settles it; "1,000" alone could be either
    expect(sniffDecimal(['1,000'])).toBe('.');
  });

  it.each([
    ['dd-MM-yyyy', '19-12-2022', '2022-12-19'],
    ['MM/dd/yyyy', '07/15/2024 as of 07/12/2024', '2024-07-15'],
    ['yyyyMMdd', '20230403;095853', '2023-04-03'],
    ['yyyy-MM-dd', '2021-06-05T00:00', '2021-06-05'],
    ['d.M.yy', '5.3.24', '2024-03-05'],
  ])('%s reads %s as %s', (format, text, expected) => {
    expect(readDate(text, [compileDateFormat(format)])).toBe(expected);
  });

  it('finds the date formats that read every sample as a real date', () => {
    expect(sniffDateFormats(['12/31/2023', '01/05/2024'])).toEqual(['MM/dd/yyyy', 'M/d/yyyy']);
    expect(sniffDateFormats(['05/01/2024'])).toContain('dd/MM/yyyy'); // ambiguous: init asks on a terminal
  });
});

describe('mapping files', () => {
  it.each([
    ['columns: {date: Date}\ntype: {column: Action, values: {Buy: buy}}\ndelimter: ";"\n', 'delimter: unknown key'],
    ['columns: {date: Date, prise: Price}\ntype: {value: buy}\n', 'columns.prise: unknown key'],
    ['columns: {date: Date}\ntype: {column: Action, values: {Buy: purchase}}\n', 'type.values.Buy: a type'],
    ['columns: {date: Date}\ntype: {column: Action}\n', 'type: give `value`'],
    ['columns: {date: Date}\ntype: {value: buy}\ndecimal: ";"\n', 'decimal: Invalid option'],
    ['columns: {date: {column: Date, pattern: "("}}\ntype: {value: buy}\n', 'columns.date.pattern: not a regular expression'],
    ['columns: [date\n', 'not valid YAML or JSON at line'],
  ])('%j is refused naming the key', async (text, message) => {
    const error = await rejected(parseMappingText(text, 'my.yaml'));
    expect(error.kind).toBe('usage');
    expect(error.message).toContain('Bad import mapping my.yaml: ');
    expect(error.message).toContain(message);
  });

  it('reads JSON as well as YAML, with defaults', async () => {
    const mapping = await parseMappingText('{"columns": {"date": "Date"}, "type": {"value": "deposit"}}', 'm.json');
    expect(mapping).toMatchObject({ delimiter: ',', decimal: '.', thousands: '', header: 1, encoding: 'utf-8', skip: [] });
  });

  it('every preset validates', () => {
    for (const name of PRESET_NAMES) expect(presetMapping(name)?.name).toBe(name);
  });
});

/** The rows a mapped import hands to the transaction service, as `line date type symbol quantity price amount fee currency`. */
async function mappedRows(file: string, mapping: Mapping) {
  const path = join(BROKERS, file);
  const records = mapping.format === 'ghostfolio-json' ? ghostfolioRecords(readFileSync(path, 'utf8')) : csvRecords(createReadStream(path), mapping);
  const source = mappedTransactionSource(file, records, { mapping, context });
  const rows: string[] = [];
  const result = await source.read((f, line) =>
    void rows.push([line, f.date, f.type, f.symbol, f.quantity, f.price, f.amount, f.fee, f.currency].map((v) => v ?? '').join(' ') + (f.tax ? ` tax=${f.tax}` : '')),
  );
  return { rows, errors: result.errors, skipped: source.skippedLines };
}

// Expected rows read off the fixture files by hand (SOURCE.md says where each comes from).
describe('presets on real exports', () => {
  it('ibkr-flex: trades by Buy/Sell, commissions as fees, currency conversions skipped', async () => {
    const { rows, errors, skipped } = await mappedRows('ibkr-flex-trades.csv', presetMapping('ibkr-flex')!);
    expect(errors).toEqual([]);
    expect(rows.slice(0, 2)).toEqual(['2 2023-05-22 buy CH0111762537 7 282.7  5 CHF', '3 2023-05-22 buy US9220427424 95 93.78  1 USD']);
    expect(rows[4]).toBe('6 2023-08-03 buy US9220427424 1 97.84  0.979 USD');
    expect(rows).toHaveLength(8);
    expect(skipped).toEqual([10, 11, 12]); // SELL rows without an ISIN: USD.CHF conversions
    const vti = await mappedRows('ibkr-flex-vti.csv', presetMapping('ibkr-flex')!);
    expect(vti.rows).toEqual(['2 2023-04-03 buy VTI 17 204.3473  1 USD']);
  });

  it('degiro: trades from the description text, decimal commas and dots in one file, cash sweeps skipped', async () => {
    const { rows, errors, skipped } = await mappedRows('degiro.csv', presetMapping('degiro')!);
    expect(errors).toEqual([]);
    expect(rows).toContain('4 2022-12-17 deposit    27.8  EUR');
    expect(rows).toContain('10 2022-12-16 dividend US1912161007   0.44  USD');
    expect(rows).toContain('11 2022-12-16 tax US1912161007   0.07  USD'); // Dividendbelasting: tax withheld
    expect(rows).toContain('20 2022-12-15 buy US9256521090 1 33.9   USD'); // "Koop 1 @ 33,9 USD"
    expect(rows).toContain('23 2023-04-03 buy IE00B3RBWM25 1 97.93   EUR'); // "Koop 1 @ 97,93 EUR"
    expect(rows).toContain('24 2021-02-16 buy AU000000FBR4 500 0.039   EUR'); // "Koop 500 @ 0,039 EUR"
    expect(rows).toContain('27 2019-05-15 buy IE00B4L5Y983 6 49.785   EUR'); // "Compra 6 ISHARES MSCI WOR A@49,785 EUR"
    expect(rows).toHaveLength(16);
    expect(skipped).toEqual([2, 3, 5, 6, 7, 8, 9, 16, 17, 18, 21]);
  });

  it('degiro-transactions: columns by position, buy or sell by the sign of the quantity', async () => {
    const { rows, errors } = await mappedRows('degiro-transactions.csv', presetMapping('degiro-transactions')!);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      '2 2021-10-22 buy BMG0670A1099 230 37  4.44 NOK',
      '3 2021-10-15 buy NO0010196140 301 1.0418  3.9 EUR',
      '4 2021-03-08 sell US36467W1099 3 194.5  0.51 USD',
      '5 2021-02-02 buy US36467W1099 3 90  0.51 USD',
      '6 2021-01-29 buy CA09228F1036 40 16  0.63 USD',
    ]);
  });

  it('trading212: a dividend is shares × rate, with its withholding tax', async () => {
    const { rows, errors } = await mappedRows('trading212.csv', presetMapping('trading212')!);
    expect(errors).toEqual([]);
    expect(rows[0]).toBe('2 2023-12-18 deposit    31  EUR');
    expect(rows[1]).toBe('3 2023-12-18 buy CSCO 0.029053 49.96   USD');
    expect(rows[5]).toBe('7 2023-12-27 dividend MAIN   0.03549682  USD tax=0.01'); // 0.154334 × 0.23 = 0.03549682
    expect(rows[8]).toBe('10 2023-11-06 interest    0.01  EUR');
  });

  it('schwab: signed amounts, thousands commas, journaled shares as a transfer by the sign of the quantity', async () => {
    const { rows, errors, skipped } = await mappedRows('schwab.csv', presetMapping('schwab')!);
    expect(errors).toEqual([]);
    expect(rows).toContain('10 2023-10-16 dividend SNSXX   1259.59  USD'); // "$1,259.59"
    expect(rows).toContain('20 2023-08-24 fee    2019.29  USD'); // "-$2,019.29"
    expect(rows).toContain('21 2023-05-22 transfer-out DGLRX 877 22.91   USD'); // Journaled Shares, -877
    expect(rows).toContain('26 2023-09-08 sell SNAXX 500135 1   USD'); // "500,135"
    expect(rows).toContain('28 2024-04-08 withdrawal    30  USD'); // MoneyLink Transfer, -$30.00
    expect(skipped).toEqual([29]); // Internal Transfer
  });

  it('fidelity: actions by prefix, the footer skipped', async () => {
    const { rows, errors, skipped } = await mappedRows('fidelity.csv', presetMapping('fidelity')!);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      '2 2025-12-03 dividend BND   713.08  USD',
      '3 2025-12-03 buy BND 9.598 74.29   USD',
      '4 2025-12-03 deposit    8613.36  USD',
      '5 2025-12-02 dividend ZTS   588  USD',
      '6 2025-11-17 buy WM 18 208.64   USD',
      '8 2025-09-18 withdrawal    612.5  USD',
      '9 2025-10-09 tax TSM   32.93  USD',
    ]);
    expect(skipped).toEqual([7, 15]); // the merger and "Date downloaded …" (the empty lines before it are no rows)
  });

  it('pp-csv: English headers with German numbers; the price from the value, fees and shares', async () => {
    const { rows, errors } = await mappedRows('pp-csv-en.csv', presetMapping('pp-csv')!);
    expect(errors).toEqual([]);
    // (2151.85 − 10.25) / 20 = 107.08; a sell: (2151.85 + 10.25) / 20 = 108.105; (912.66 − 7.16) / 5 = 181.1
    expect(rows).toEqual([
      '2 2021-06-05 buy APC.F 20 107.08  10.25 EUR',
      '3 2021-06-05 sell APC.F 20 108.105  10.25 EUR',
      '4 2021-06-18 buy 22UA.F 5 181.1  7.16 EUR',
    ]);
  });

  it('pp-csv: German headers; a dividend’s value is net, so its amount is value + taxes, the taxes withheld', async () => {
    const { rows, errors } = await mappedRows('pp-csv-de.csv', presetMapping('pp-csv')!);
    expect(errors).toEqual([]);
    // Kauf −102,00 with 2,00 fees for 10: (102 − 2) / 10 = 10. Dividende 8,00 net, 2,00 tax: 10 gross, 2 withheld.
    expect(rows).toEqual(['2 2026-01-01 deposit    500  EUR', '3 2026-01-02 buy ABC.DE 10 10  2 EUR', '4 2026-03-01 dividend ABC.DE   10  EUR tax=2']);
  });

  it('ghostfolio-json: activities on their JSON lines; a dividend is quantity × unit price', async () => {
    const { rows, errors } = await mappedRows('ghostfolio-msft-buy-with-dividend.json', presetMapping('ghostfolio-json')!);
    expect(errors).toEqual([]);
    expect(rows).toEqual(['7 2021-09-16 buy MSFT 1 298.58  19 USD', '18 2021-11-16 dividend MSFT   0.62  USD']);
  });

  it('ghostfolio-json: a manual asset and a future zero-quantity order are refused with their lines', async () => {
    const { rows, errors } = await mappedRows('ghostfolio-sample.json', presetMapping('ghostfolio-json')!);
    expect(rows.slice(0, 3)).toEqual(['36 2021-09-01 fee    49  USD', '49 2021-09-16 buy MSFT 5 298.58  19 USD', '62 2021-11-17 dividend MSFT   3.1  USD']);
    expect(errors).toEqual([
      { line: 75, column: 'symbol', message: 'buy needs a symbol' },
      { line: 88, column: 'date', message: 'date 2050-06-06 is in the future' },
      { line: 88, column: 'quantity', message: 'quantity must be positive (got 0)' },
    ]);
  });

  it('ghostfolio-csv: three date formats in one file; errors carry the source lines', async () => {
    const { rows, errors } = await mappedRows('ghostfolio-sample.csv', presetMapping('ghostfolio-csv')!);
    expect(rows).toEqual(['2 2021-09-01 fee    49  USD', '3 2021-09-16 buy MSFT 5 298.58  19 USD', '4 2021-11-17 dividend MSFT   3.1  USD']);
    expect(errors).toEqual([
      { line: 5, column: 'date', message: 'date 2050-06-06 is in the future' },
      { line: 5, column: 'quantity', message: 'quantity must be positive (got 0)' },
    ]);
  });

  it('a mapping that does not fit the file names the key and the header', async () => {
    const mapping = validateMapping({ columns: { date: 'Datum' }, type: { value: 'deposit' } }, 'm');
    const { errors } = await mappedRows('schwab.csv', mapping);
    expect(errors[0]!.line).toBe(1);
    expect(errors[0]!.message).toMatch(/^the mapping does not fit this file: columns.date: no column "Datum" in the header/);
  });
});

describe('the duplicate rule', () => {
  const buy = { date: '2024-01-02', type: 'buy' as const, symbol: 'VTI', quantity: '1', price: '200', amount: null, fee: null };
  it('each stored transaction matches one row; identical rows of one file are kept unless their broker ids agree', () => {
    const filter = new DuplicateFilter();
    filter.remember(buy);
    expect(filter.isDuplicate(buy)).toBe(true); // last month's order
    expect(filter.isDuplicate(buy)).toBe(false); // a second identical order: new
    const ids = new DuplicateFilter();
    expect(ids.isDuplicate(buy, 'T1')).toBe(false);
    expect(ids.isDuplicate(buy, 'T2')).toBe(false); // two orders, two ids
    expect(ids.isDuplicate(buy, 'T1')).toBe(true); // the same order listed twice
  });
});

describe('reading the source file', () => {
  const mapping = (extra: Record<string, unknown>) =>
    validateMapping(
      {
        delimiter: ';',
        decimal: ',',
        thousands: '.',
        dateFormat: 'dd.MM.yyyy',
        columns: { date: 'Datum', symbol: 'Symbol', quantity: 'Stück', price: 'Kurs', note: 'Notiz' },
        type: { value: 'buy' },
        ...extra,
      },
      'm',
    );
  async function read(bytes: Buffer, m: Mapping) {
    const source = mappedTransactionSource('f.csv', csvRecords((async function* () { yield bytes; })(), m), { mapping: m, context });
    const rows: string[] = [];
    const result = await source.read((f, line) => void rows.push(`${line} ${f.date} ${f.symbol} ${f.quantity} ${f.price} ${f.note}`));
    return { rows, errors: result.errors };
  }

  it('decodes windows-1252 (a German spreadsheet saved by Excel)', async () => {
    // "Stück" and "Müller" in windows-1252: ü is the single byte 0xFC.
    const bytes = Buffer.from('Datum;Symbol;St\xfcck;Kurs;Notiz\r\n05.03.2024;SAP.DE;1.000;171,96;Depot M\xfcller\r\n', 'latin1');
    expect(await read(bytes, mapping({ encoding: 'windows-1252' }))).toEqual({ rows: ['2 2024-03-05 SAP.DE 1000 171.96 Depot Müller'], errors: [] });
  });

  it('a broken quote is an error at its line, and nothing after it is read', async () => {
    const bytes = Buffer.from('Datum;Symbol;Stück;Kurs;Notiz\n05.03.2024;SAP.DE;1;2;ok\n06.03.2024;SAP.DE;1;2;"never closed\n07.03.2024;SAP.DE;1;2;x\n');
    const { errors } = await read(bytes, mapping({}));
    expect(errors).toEqual([{ line: 3, column: '', message: 'a quoted field is never closed (a " is missing)' }]);
  });

  it('a skip rule skips; a value that is not a number names the source column and the separator', async () => {
    const bytes = Buffer.from('Datum;Symbol;Stück;Kurs;Notiz\n05.03.2024;;;;Saldo\n06.03.2024;SAP.DE;1,5;x;\n');
    const m = mapping({ skip: [{ blank: 'Symbol' }] });
    const { rows, errors } = await read(bytes, m);
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ line: 3, column: 'Kurs', message: 'not a number: "x" (decimal separator ",")' }]);
  });
});
