import * as z from 'zod';
import { usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

export const EmailSchema = z.email('not a valid email address').max(254);
export const NameSchema = z.string().trim().min(1, 'must not be empty').max(200);
export const PasswordSchema = z
  .string()
  .min(8, 'Passwords need at least 8 characters.')
  .max(1024, 'Passwords may have at most 1024 characters.');

const check = (schema: z.ZodType) => (value: string) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? true : parsed.error.issues[0]!.message;
};

export function askEmail(ctx: CliContext, flag: string | undefined, message = 'Email'): Promise<string> {
  return ctx.need(flag, '--email', (p) => p.input(message, { validate: check(EmailSchema) }));
}

export function askName(ctx: CliContext, flag: string | undefined): Promise<string> {
  return ctx.need(flag, '--name', (p) => p.input('Name', { validate: check(NameSchema) }));
}

/** Lines of standard input for `--password-stdin` (a trailing newline is not part of a password). */
export async function passwordLines(ctx: CliContext, count: number): Promise<string[]> {
  const lines = (await ctx.stdin('--password-stdin')).split(/\r?\n/);
  const passwords = lines.slice(0, count);
  if (passwords.length < count || passwords.some((line) => line === '')) {
    throw usageError(
      count === 1
        ? '--password-stdin: standard input is empty.'
        : `--password-stdin: expected ${count} lines (the current password, then the new one).`,
    );
  }
  return passwords;
}

/** The password from stdin when asked, else a hidden prompt on a terminal, else a usage error. */
export async function askPassword(
  ctx: CliContext,
  fromStdin: boolean | undefined,
  options: { message?: string; confirm?: boolean } = {},
): Promise<string> {
  if (fromStdin) return (await passwordLines(ctx, 1))[0]!;
  if (!ctx.canPrompt()) throw usageError('Missing --password-stdin (no terminal to ask for the password on).', 'missing_flag');
  const prompter = await ctx.prompter();
  for (;;) {
    const password = await prompter.password(options.message ?? 'Password', {
      validate: options.confirm ? check(PasswordSchema) : undefined,
    });
    if (!options.confirm) return password;
    // a mismatched repeat asks for both again rather than ending the command
    if ((await prompter.password('Repeat the password')) === password) return password;
    ctx.info('The passwords do not match: try again.');
  }
}

export function validPassword(password: string): string {
  const parsed = PasswordSchema.safeParse(password);
  if (!parsed.success) throw usageError(parsed.error.issues[0]!.message, 'weak_password');
  return password;
}

export function validEmail(email: string, flag = '--email'): string {
  const parsed = EmailSchema.safeParse(email.trim());
  if (!parsed.success) throw usageError(`${flag}: "${email}" is not a valid email address.`, 'bad_email');
  return parsed.data;
}

export function validName(name: string): string {
  const parsed = NameSchema.safeParse(name);
  if (!parsed.success) throw usageError(`--name: ${parsed.error.issues[0]!.message}.`, 'bad_name');
  return parsed.data;
}
