import { defineCommand, type OptionsOf } from '../../command.js';
import { choice } from '../../flags.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

export const completionCommand = defineCommand({
  name: 'completion',
  description: 'print a shell completion script for bash, zsh or fish',
  args: [{ name: 'shell', description: `the shell: ${SHELLS.join(', ')}` }],
  help:
    'Commands, flags, choice values and the portfolio names of the signed-in account complete on Tab. ' +
    'Load it once per shell session, or install it (see the README).',
  examples: [
    'source <(folio completion bash)  # in ~/.bashrc',
    'folio completion zsh > "${fpath[1]}/_folio"',
    'folio completion fish > ~/.config/fish/completions/folio.fish',
  ],
  formats: ['table'],
  options: (z) => z.object({ shell: choice(z, SHELLS) }),
  run: async (ctx, options): Promise<void> => {
    const [{ buildProgram }, { completionScript }] = await Promise.all([import('../../program.js'), import('../../completion.js')]);
    await ctx.out(completionScript(options.shell, await buildProgram(ctx)));
  },
});
export type CompletionOptions = OptionsOf<typeof completionCommand>;

/** What the completion scripts call while completing: the signed-in account's portfolio names, one a line. */
export const completeCommand = defineCommand({
  name: '__complete',
  description: 'values for shell completion',
  hidden: true,
  args: [{ name: 'what', description: 'portfolios' }],
  examples: ['folio __complete portfolios'],
  formats: ['table'],
  options: (z) => z.object({ what: z.literal('portfolios') }),
  run: async (ctx): Promise<void> => {
    const [{ portfolioService }, { displayRef }] = await Promise.all([import('../../portfolio-ref.js'), import('../../../core/portfolios/access.js')]);
    // Completion must never print an error into the command line: nobody signed in is no names.
    const user = await ctx.requireUser().catch(() => null);
    if (!user) return;
    const grants = await (await portfolioService(ctx)).list(user);
    await ctx.out(grants.map((grant) => (grant.role === 'owner' ? grant.portfolio.name : displayRef(grant)) + '\n').join(''));
  },
});
