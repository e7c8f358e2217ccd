import type { CliContext } from '../../context.js';
import type { CommandInput } from '../../options.js';

export async function runExportJournal(_ctx: CliContext, _input: CommandInput): Promise<void> {
  throw new Error('not yet');
}
