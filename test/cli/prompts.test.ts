import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, registerUser, type World } from '../helpers/backends.js';
import type { ScriptedPrompter } from '../helpers/context.js';

/**
 * Prompts check each answer as the flag would and ask again, through the scripted prompter: it
 * runs each prompt's own validation on the answer and, when refused, takes the next answer — what
 * Inquirer does when a person types a bad value.
 */
const prompterOf = (result: object) => (result as { prompter: ScriptedPrompter }).prompter;

describe('prompts on a terminal', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true }, { inProcess: true });
  });
  afterAll(async () => world?.cleanup());

  it('register asks again for a bad email, a short password and a mismatched repeat, instead of exiting', async () => {
    const home = world.another();
    const result = await home.folio(['register'], {
      tty: true,
      answers: ['not-an-email', 'pat@example.com', 'Pat', 'short', 'correct horse battery', 'correct horse batterY', 'correct horse battery', 'correct horse battery'],
    });
    expect(result.code, result.stderr).toBe(0);
    const prompter = prompterOf(result);
    expect(prompter.asked).toEqual(['Email', 'Email', 'Name', 'Choose a password', 'Choose a password', 'Repeat the password', 'Choose a password', 'Repeat the password']);
    expect(prompter.refused).toEqual(['not a valid email address', 'Passwords need at least 8 characters.']);
    expect(result.stderr).toContain('The passwords do not match: try again.');
    const signedIn = await home.folio(['whoami', '--json']);
    expect(JSON.parse(signedIn.stdout)).toMatchObject({ email: 'pat@example.com', name: 'Pat' });
    // the password that was finally confirmed is the one that works
    expect((await world.another().folio(['login', '--email', 'pat@example.com', '--password-stdin'], { input: 'correct horse battery\n' })).code).toBe(0);
  });

  it('tx add refuses an empty price and asks again; the fee and the date take their defaults', async () => {
    await registerUser(world, 'trader@example.com');
    expect((await world.folio(['portfolio', 'add', 'Prompted', '--currency', 'USD'])).code).toBe(0);
    const result = await world.folio(['tx', 'add', 'Prompted', '--json'], {
      tty: true,
      now: '2024-05-06T15:00:00.000Z',
      answers: ['buy', 'aapl', 'ten', '10', '', '187.50', '', ''],
    });
    expect(result.code, result.stderr).toBe(0);
    const prompter = prompterOf(result);
    expect(prompter.asked).toEqual(['Type', 'Symbol', 'Quantity', 'Quantity', 'Price per unit', 'Price per unit', 'Fee', 'Date']);
    expect(prompter.refused).toHaveLength(2); // "ten" and the empty price
    expect(prompter.refused[1]).toMatch(/price/);
    // canonical decimals; the pinned clock's date; fee 0 by default
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'buy', symbol: 'AAPL', quantity: '10', price: '187.5', fee: '0', date: '2024-05-06' });
  });

  it('tx add asks again for a date in the future', async () => {
    const result = await world.folio(['tx', 'add', 'Prompted', '--json'], {
      tty: true,
      now: '2024-05-06T15:00:00.000Z',
      answers: ['deposit', '1000', '2024-05-07', '2024-05-03'],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(prompterOf(result).refused).toEqual(['date 2024-05-07 is in the future']);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'deposit', amount: '1000', date: '2024-05-03' });
  });
});
