import { cancelledError } from '../core/errors.js';

export interface Prompter {
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  password(message: string, options?: { validate?: (value: string) => true | string }): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
  select<T extends string>(message: string, choices: Array<{ value: T; name?: string; description?: string }>): Promise<T>;
}

/** Inquirer's prompts, loaded only when a command really asks something. Ctrl-C becomes a cancel (exit 130). */
export async function createInquirerPrompter(): Promise<Prompter> {
  const prompts = await import('@inquirer/prompts');
  const guard = async <T>(ask: () => Promise<T>): Promise<T> => {
    try {
      return await ask();
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
        throw cancelledError();
      }
      throw error;
    }
  };
  return {
    input: (message, options = {}) => guard(() => prompts.input({ message, ...options })),
    password: (message, options = {}) => guard(() => prompts.password({ message, mask: '*', ...options })),
    confirm: (message, options = {}) => guard(() => prompts.confirm({ message, ...options })),
    select: (message, choices) => guard(() => prompts.select({ message, choices })),
  };
}
