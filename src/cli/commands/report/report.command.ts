import { defineCommand, type OptionsOf } from '../../command.js';
import { outputFlags, outputOptions, periodFlags, periodOptions, portfolioArg } from '../../flags.js';

export const reportCommand = defineCommand({
  name: 'report',
  description: 'a performance report to send to someone: text, Markdown or one self-contained HTML file',
  args: [portfolioArg],
  flags: [
    ...periodFlags,
    ...outputFlags,
    { flags: '--frontier', description: "HTML only: add the efficient frontier of the holdings over the report's period (see folio optimize)" },
  ],
  examples: [
    'folio report Retirement --period 1y  # text on the terminal',
    'folio report Retirement --period ytd --format html -o report.html',
    'folio report Retirement --format markdown > report.md',
  ],
  help:
    '--format text (default) | markdown | html picks the form. The report shows the summary figures of `folio analyze`, ' +
    'returns by month and year, allocation, top gains and losses, dividends, realised gains by year and the ' +
    "period's transactions. The HTML file has inline CSS and SVG charts (value, drawdown, allocation): it loads " +
    'nothing from the network, reads well on a phone and prints. An existing --output file is replaced only with --force.',
  // text, markdown or html through --format; --json and --csv are refused with a pointer to `export performance`
  ownFormats: true,
  options: (z) => periodOptions(z).extend({ ...outputOptions(z), frontier: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./report.js')).runReport(ctx, options),
});
export type ReportOptions = OptionsOf<typeof reportCommand>;
