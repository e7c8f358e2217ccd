import { describe, expect, it } from 'vitest';
import { buildProgram, commandsFor } from '../../src/cli/program.js';
import { testContext } from '../helpers/context.js';

/** A run mounts only the command its first word names; anything else gets the whole tree. */
describe('commandsFor', () => {
  it.each([
    [['whoami'], ['whoami']],
    [['--json', 'whoami'], ['whoami']],
    [['--database', '/tmp/x.db', '--no-input', 'tx', 'list', 'IRA'], ['tx']],
    [['--database=/tmp/x.db', '--format', 'csv', 'holdings', 'IRA'], ['holdings']],
    [['--format=json', '--offline', '--csv', 'portfolio', 'list'], ['portfolio']],
    [['completion', 'bash'], ['completion']],
  ])('%j mounts %j', (argv, names) => {
    expect(commandsFor(argv).map(([name]) => name)).toEqual(names);
  });

  it.each([[[]], [['--help']], [['-h', 'whoami']], [['help', 'whoami']], [['whoam']], [['--bogus', 'whoami']], [['--database', 'whoami']], [['--version']]])(
    '%j mounts every command',
    (argv) => {
      expect(commandsFor(argv).length).toBeGreaterThan(30);
    },
  );
});

describe('buildProgram', () => {
  it('mounts every command under the name commandsFor knows it by, in the listed order', async () => {
    const { ctx } = testContext({});
    const program = await buildProgram(ctx);
    expect(program.commands.map((command) => command.name())).toEqual(commandsFor([]).map(([name]) => name));
  });
});
