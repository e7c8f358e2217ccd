import type { CliContext } from '../../context.js';
import type { CommandInput } from '../../options.js';

/** `folio import-map list`: the built-in presets, for `folio tx import FILE --preset NAME`. */
export async function runImportMapList(ctx: CliContext, _input: CommandInput): Promise<void> {
  const { PRESET_NAMES, presetDescription } = await import('../../../io/import-map/presets.js');
  const rows = PRESET_NAMES.map((name) => ({ name, description: presetDescription(name) }));
  const format = ctx.format();
  if (format === 'json') return ctx.json(rows);
  if (format === 'csv') return (await import('../../csv.js')).writeCsv(ctx, ['name', 'description'], rows);
  const style = await ctx.style();
  const cells = rows.map((row) => [row.name, row.description]);
  if (!style.rich) return ctx.out(cells.map((cell) => cell.join('\t')).join('\n') + '\n');
  const { renderTable } = await import('../../render.js');
  await ctx.out(await renderTable(style, ['PRESET', 'READS'], cells));
  ctx.info('Use one with `folio tx import FILE --portfolio P --preset NAME` (add --dry-run to preview).');
}
