import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';

/** `folio import-map list`: the built-in presets, for `folio tx import FILE --preset NAME`. */
export async function runImportMapList(ctx: CliContext): Promise<void> {
  const { PRESET_NAMES, presetDescription } = await import('../../../io/import-map/presets.js');
  const rows = PRESET_NAMES.map((name) => ({ name, description: presetDescription(name) }));
  await renderRows(ctx, {
    columns: [
      { key: 'name', header: 'PRESET' },
      { key: 'description', header: 'READS' },
    ],
    rows,
  });
  if (ctx.format() === 'table') ctx.info('Use one with `folio tx import FILE --portfolio P --preset NAME` (add --dry-run to preview).');
}
