import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { usageError } from '../core/errors.js';
import type { CliContext, OutputFormat } from './context.js';

/**
 * A command module: one verb's flags, help, examples, typed options and run function, declared as
 * data (like gh's `NewCmdX` + `xRun`). Declarations are loaded at start-up, so they hold no zod
 * (handed in to `options` when the command runs) and load their implementation in `run`.
 */
export type Zod = typeof z;

/** What a flag or an argument completes to, beyond its declared choices. */
export type Completion = 'portfolio' | 'file';

export interface ArgSpec {
  /** The options key (camelCase); shown as <kebab-case> in the usage line. */
  name: string;
  description: string;
  optional?: boolean;
  variadic?: boolean;
  complete?: Completion;
}

export interface FlagSpec {
  /** commander's syntax: '-y, --yes', '--as-of <date>', '--no-value'. */
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string | boolean;
  complete?: Completion;
}

export interface CommandSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  args?: readonly ArgSpec[];
  flags?: readonly FlagSpec[];
  /** 1–3 lines, each a `folio …` command, optionally followed by `  # what it does`. */
  examples: readonly string[];
  /** More help, shown after the options. */
  help?: string;
  /** Left out of help and completion (machinery such as `__complete`). */
  hidden?: boolean;
  /** The output formats that make sense; the others are refused (exit 2). Default: table, json and csv. */
  formats?: readonly OutputFormat[];
  /**
   * `--format` values the command reads itself (a journal's hledger, ledger, beancount), beyond `formats`;
   * `true`: it checks every output flag itself (report: text|markdown|html; export: ndjson, ghostfolio, …).
   */
  ownFormats?: boolean | readonly string[];
  /** The options schema; left out by a command that takes no flags or arguments (it gets `{}` without loading zod). */
  options?(zod: Zod): S;
  run(ctx: CliContext, options: z.infer<S>): Promise<void>;
}

export interface GroupSpec {
  name: string;
  description: string;
  help?: string;
  commands: ReadonlyArray<CommandSpec | GroupSpec>;
}

export type CommandNode = CommandSpec | GroupSpec;
export type OptionsOf<C> = C extends CommandSpec<infer S> ? z.infer<S> : never;

export const defineCommand = <S extends z.ZodType>(spec: CommandSpec<S>): CommandSpec<S> => spec;
export const defineGroup = (spec: GroupSpec): GroupSpec => spec;
export const isGroup = (node: CommandNode): node is GroupSpec => 'commands' in node;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
const toFlag = (key: string) => '--' + kebab(key);

export function argUsage(arg: ArgSpec): string {
  const name = kebab(arg.name) + (arg.variadic ? '...' : '');
  return arg.optional || arg.variadic ? `[${name}]` : `<${name}>`;
}

export function examplesText(examples: readonly string[]): string {
  return `\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** The raw input of one invocation: commander's options plus the arguments under their names. */
export function rawInput(spec: CommandSpec, args: unknown[], opts: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = { ...opts };
  (spec.args ?? []).forEach((arg, i) => {
    if (args[i] !== undefined) input[arg.name] = args[i];
  });
  return input;
}

/** Parses raw input with the command's schema; a failure is a usage error naming the flag or argument. */
export async function parseInput<S extends z.ZodType>(spec: CommandSpec<S>, input: Record<string, unknown>): Promise<z.infer<S>> {
  if (!spec.options) return {} as z.infer<S>;
  const { z: zod } = await import('zod');
  const parsed = spec.options(zod).safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path[0];
  const isArg = (spec.args ?? []).some((arg) => arg.name === key);
  const where = typeof key !== 'string' ? '' : isArg ? `${kebab(key).toUpperCase()}: ` : `${toFlag(key)}: `;
  throw usageError(`${where}${issue.message}`, 'bad_flag');
}

/** Refuses an output flag the command cannot honour, instead of ignoring it. */
export function checkFormat(ctx: CliContext, spec: CommandSpec, path: string): void {
  if (spec.ownFormats === true) return;
  const { format: named, json, csv } = ctx.globals;
  if (named !== undefined && !json && !csv && Array.isArray(spec.ownFormats) && spec.ownFormats.includes(named)) return;
  const formats = spec.formats ?? ['table', 'json', 'csv'];
  const format = ctx.format();
  if (formats.includes(format)) return;
  const others = formats.filter((f) => f !== 'table').map((f) => `--${f}`);
  const hint = others.length ? ` (it has ${others.join(' and ')})` : '';
  throw usageError(`\`folio ${path}\` has no ${format.toUpperCase()} output${hint}.`, 'bad_format');
}

/** Parses and runs a command in process: what the CLI does after commander, and what tests call. */
export async function invoke(ctx: CliContext, spec: CommandSpec, input: Record<string, unknown>, path = spec.name): Promise<void> {
  checkFormat(ctx, spec, path);
  await spec.run(ctx, await parseInput(spec, input));
}

const completions = new WeakMap<object, Completion>();

/** What a mounted argument or option completes to (`folio completion` reads it). */
export const completionOf = (target: object): Completion | undefined => completions.get(target);

/** Adds a command module (or a group of them) under `parent`. */
export function mount(parent: Command, node: CommandNode, ctx: CliContext): Command {
  const command = parent
    .command(node.name, { hidden: !isGroup(node) && node.hidden === true })
    .description(node.description)
    .exitOverride();
  if (isGroup(node)) {
    for (const child of node.commands) mount(command, child, ctx);
    if (node.help) command.addHelpText('after', '\n' + node.help);
    return command;
  }
  for (const arg of node.args ?? []) {
    command.argument(argUsage(arg), arg.description);
    if (arg.complete) completions.set(command.registeredArguments.at(-1)!, arg.complete);
  }
  for (const flag of node.flags ?? []) {
    const option = toOption(flag);
    if (flag.complete) completions.set(option, flag.complete);
    command.addOption(option);
  }
  if (node.help) command.addHelpText('after', '\n' + node.help);
  command.addHelpText('after', examplesText(node.examples));
  command.action(async (...params: unknown[]) => {
    const self = params.at(-1) as Command;
    await invoke(ctx, node, rawInput(node, self.processedArgs, self.opts()), commandPath(self));
  });
  return command;
}

function toOption(flag: FlagSpec): Option {
  const option = new Option(flag.flags, flag.description);
  if (flag.choices) option.choices(flag.choices);
  if (flag.default !== undefined) option.default(flag.default);
  return option;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
