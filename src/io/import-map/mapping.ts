import * as z from 'zod';
import { usageError } from '../../core/errors.js';
import { TRANSACTION_TYPES } from '../../core/ledger/types.js';

/**
 * An import mapping: how to read one broker's (or spreadsheet's) CSV as folio transactions.
 * Written by hand or by `folio import-map init`, in JSON or YAML, validated here with zod; an
 * error names the mapping key (`columns.price.column: expected …`). README "Import mappings"
 * documents every key with examples.
 */

/** A source column: its header name (or `#N`, the Nth column), or several names tried in turn (the first one present in the file). */
const ColumnName = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const FieldSpec = z
  .object({
    /** The column(s) to read; with several, the first non-blank value (or their sum with `sum: true`). */
    column: ColumnName.optional(),
    /** A constant instead of a column. */
    value: z.string().optional(),
    /** Adds up every named column (fees and commissions in separate columns). */
    sum: z.boolean().optional(),
    /** A regular expression: its first capture group (or whole match) is the value; no match leaves the field blank. */
    pattern: z.string().optional(),
    /** Amount only: the value is net of fees and taxes (cash received): a dividend's or interest's amount is this plus them. */
    net: z.boolean().optional(),
    /** Turns -5 into 5 and 5 into -5. */
    negate: z.boolean().optional(),
    /** Drops the sign: -5 and 5 are both 5 (for brokers that sign quantities and amounts by direction). */
    absolute: z.boolean().optional(),
    /**
     * Price only: the price per unit from a total (this column) and the quantity: (|total| − fees − taxes) / quantity
     * for buys and transfers in, (|total| + fees + taxes) / quantity for sells and transfers out (10 decimal places).
     */
    fromTotal: ColumnName.optional(),
    /** The column may be missing from the file (one preset for several versions of a broker's export). */
    optional: z.boolean().optional(),
  })
  .strict();

const Field = z.union([ColumnName, FieldSpec]);

const TYPE_NAMES = new Set<string>([...TRANSACTION_TYPES, 'skip']);
const TargetType = z.string().refine((value) => value.split('/').every((part) => TYPE_NAMES.has(part)) && value.split('/').length <= 2, {
  message: `a type (${TRANSACTION_TYPES.join(', ')}), skip, or POSITIVE/NEGATIVE such as deposit/withdrawal`,
});

const TypeRule = z
  .object({
    /** The column holding the type. */
    column: ColumnName.optional(),
    /**
     * Source value → folio type, `skip` (not a transaction, e.g. a cash sweep), or `POSITIVE/NEGATIVE`
     * (`deposit/withdrawal`, `transfer-in/transfer-out`): one or the other by the sign of the `sign` column.
     */
    values: z.record(z.string(), TargetType).optional(),
    /** How `values` keys match: the whole value (default), its start, anywhere in it, or as a regular expression. Case is ignored. */
    match: z.enum(['exact', 'prefix', 'contains', 'regex']).default('exact'),
    /** A value found in no key: an error (default), or skip the row. */
    otherwise: z.enum(['error', 'skip']).default('error'),
    /** Instead of (or after) `values`: the type by the sign of this column. */
    sign: ColumnName.optional(),
    positive: z.enum(TRANSACTION_TYPES).optional(),
    negative: z.enum(TRANSACTION_TYPES).optional(),
    /** One type for every row. */
    value: z.enum(TRANSACTION_TYPES).optional(),
  })
  .strict()
  .refine((rule) => rule.value !== undefined || (rule.column !== undefined && rule.values !== undefined) || rule.sign !== undefined, {
    message: 'give `value`, or `column` with `values`, or `sign` with `positive` and `negative`',
  })
  .refine(
    (rule) =>
      rule.sign === undefined ||
      (rule.positive !== undefined && rule.negative !== undefined) ||
      (rule.values !== undefined && rule.otherwise !== undefined && Object.values(rule.values).some((v) => v.includes('/'))),
    { message: '`sign` needs both `positive` and `negative` (or `values` of the form POSITIVE/NEGATIVE)' },
  )
  .refine((rule) => rule.sign !== undefined || !Object.values(rule.values ?? {}).some((v) => v.includes('/')), {
    message: 'a POSITIVE/NEGATIVE value needs `sign`: the column whose sign decides',
  });

const SkipRule = z
  .object({
    /** Skip the row when this column is blank. */
    blank: ColumnName.optional(),
    /** Skip the row when `column` matches the regular expression `matches` (case ignored). */
    column: ColumnName.optional(),
    matches: z.string().optional(),
  })
  .strict()
  .refine((rule) => rule.blank !== undefined || (rule.column !== undefined && rule.matches !== undefined), {
    message: 'a skip rule is `{ blank: COLUMN }` or `{ column: COLUMN, matches: REGEX }`',
  });

export const MAPPED_FIELDS = ['date', 'symbol', 'quantity', 'price', 'amount', 'fee', 'tax', 'currency', 'note', 'id'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export const MappingSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    /** `json`: a Ghostfolio export (the `ghostfolio-json` preset); anything else is CSV. */
    format: z.enum(['csv', 'ghostfolio-json']).default('csv'),
    delimiter: z.string().min(1).max(2).default(','),
    /** The decimal separator; `auto` reads a file's numbers as they come (see README). */
    decimal: z.enum(['.', ',', 'auto']).default('.'),
    /** The thousands separator, dropped from numbers; '' for none. */
    thousands: z.enum(['', ',', '.', ' ', "'", '\u00a0']).default(''),
    /** Date formats tried in turn: yyyy, yy, MM, M, dd, d and any literal separator; text after the date (a time) is ignored. */
    dateFormat: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default('yyyy-MM-dd'),
    encoding: z.enum(['utf-8', 'utf-16le', 'windows-1252', 'iso-8859-1', 'iso-8859-15']).default('utf-8'),
    /** The line of the header row (1 = the first line); lines before it are skipped. */
    header: z.number().int().positive().default(1),
    columns: z
      .object({
        date: Field,
        symbol: Field.optional(),
        quantity: Field.optional(),
        price: Field.optional(),
        amount: Field.optional(),
        fee: Field.optional(),
        tax: Field.optional(),
        currency: Field.optional(),
        note: Field.optional(),
        /** The broker's transaction id: duplicates are recognised by it (see README "Duplicates"). */
        id: Field.optional(),
      })
      .strict(),
    type: TypeRule,
    skip: z.array(SkipRule).default([]),
  })
  .strict();

export type Mapping = z.infer<typeof MappingSchema>;
export type MappingInput = z.input<typeof MappingSchema>;
export type FieldSpecification = z.infer<typeof Field>;

function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');
}

/** Checks a parsed mapping object; the error names the key (`columns.price.colum: unknown key`). */
export function validateMapping(value: unknown, source: string): Mapping {
  const parsed = MappingSchema.safeParse(value);
  if (parsed.success) {
    for (const pattern of patternsOf(parsed.data)) {
      try {
        new RegExp(pattern.regex);
      } catch (error) {
        throw usageError(`Bad import mapping ${source}: ${pattern.key}: not a regular expression (${(error as Error).message}).`, 'bad_mapping');
      }
    }
    return parsed.data;
  }
  const issue = parsed.error.issues[0]!;
  let path = issuePath(issue.path);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [path, issue.keys[0]].filter(Boolean).join('.');
    message = 'unknown key';
  }
  throw usageError(`Bad import mapping ${source}: ${path || '(top level)'}: ${message}.`, 'bad_mapping');
}

function patternsOf(mapping: Mapping): Array<{ key: string; regex: string }> {
  const found: Array<{ key: string; regex: string }> = [];
  for (const [name, field] of Object.entries(mapping.columns)) {
    if (field && typeof field === 'object' && !Array.isArray(field) && field.pattern) found.push({ key: `columns.${name}.pattern`, regex: field.pattern });
  }
  mapping.skip.forEach((rule, i) => rule.matches && found.push({ key: `skip[${i}].matches`, regex: rule.matches }));
  if (mapping.type.match === 'regex') for (const key of Object.keys(mapping.type.values ?? {})) found.push({ key: `type.values.${key}`, regex: key });
  return found;
}

/** Reads a mapping file's text: YAML (JSON is YAML too, so both read the same way). */
export async function parseMappingText(text: string, source: string): Promise<Mapping> {
  const { parse, YAMLParseError } = (await import('yaml')).default;
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? ` at line ${at.line}, column ${at.col}` : '';
      throw usageError(`Bad import mapping ${source}: not valid YAML or JSON${where}: ${error.message.split('\n')[0]}`, 'bad_mapping');
    }
    throw error;
  }
  return validateMapping(value, source);
}
