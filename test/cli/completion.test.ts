import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, registerUser, signedIn, type World } from '../helpers/backends.js';

/** Runs the bash completion function as bash would on Tab, with the portfolio lookup answered by `names`. */
function complete(script: string, line: string[], names: string[] = []): string[] {
  const words = line.map((w) => `'${w}'`).join(' ');
  const program = `source ${script}
_folio_portfolios() { ${names.length ? `printf '%s\\n' ${names.map((n) => `'${n}'`).join(' ')}` : 'true'}; }
COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _folio; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', program], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('folio completion', () => {
  let world: World;
  let bash: string;
  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true }, { inProcess: true });
    const generated = await world.folio(['completion', 'bash']);
    expect(generated.code, generated.stderr).toBe(0);
    bash = join(world.home, 'folio.bash');
    writeFileSync(bash, generated.stdout);
  });
  afterAll(async () => world?.cleanup());

  it('completes commands, subcommands, flags and choice values in bash, from the command tree', () => {
    expect(complete(bash, ['folio', 'portf'])).toEqual(['portfolio']);
    expect(complete(bash, ['folio', 'portfolio', 'sh'])).toEqual(['share', 'show']);
    expect(complete(bash, ['folio', 'portfolio', 'share', 'P', '--ro'])).toEqual(['--role']);
    expect(complete(bash, ['folio', 'portfolio', 'share', 'P', '--role', ''])).toEqual(['editor', 'viewer']);
    expect(complete(bash, ['folio', 'allocation', 'P', '--by', 's'])).toEqual(['sector', 'symbol']);
    expect(complete(bash, ['folio', '--format', 'n'])).toEqual(['ndjson']);
    expect(complete(bash, ['folio', 'analyze', 'P', '--scope', 'a'])).toEqual(['account']);
    // a legacy (not yet converted) command completes too: its flags come from the same tree
    expect(complete(bash, ['folio', 'tx', 'list', 'P', '--re'])).toEqual(['--reverse']);
    // hidden machinery is not offered
    expect(complete(bash, ['folio', '__'])).toEqual([]);
  });

  it('completes portfolio names where a PORTFOLIO goes', () => {
    const names = ['Retirement', 'ann@example.com/Shared'];
    expect(complete(bash, ['folio', 'portfolio', 'show', ''], names)).toEqual(['Retirement', 'ann@example.com/Shared']);
    expect(complete(bash, ['folio', 'allocation', 'R'], names)).toEqual(['Retirement']);
    expect(complete(bash, ['folio', 'alerts', 'add', '--portfolio', ''], names)).toEqual(['Retirement', 'ann@example.com/Shared']);
    expect(complete(bash, ['folio', 'tx', 'import', 'file.csv', '--portfolio', ''], names)).toEqual(['Retirement', 'ann@example.com/Shared']);
    expect(complete(bash, ['folio', 'holdings', ''], names)).toEqual(['Retirement', 'ann@example.com/Shared']);
  });

  it("lists the signed-in account's portfolio names, own and shared, for the scripts; nothing when signed out", async () => {
    expect(await world.folio(['__complete', 'portfolios'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const ann = await signedIn(world, 'ann@example.com');
    expect((await ann.folio(['portfolio', 'add', 'Shared', '--currency', 'USD'])).code).toBe(0);
    await registerUser(world, 'me@example.com');
    expect((await world.folio(['portfolio', 'add', 'Retirement', '--currency', 'USD'])).code).toBe(0);
    expect((await ann.folio(['portfolio', 'share', 'Shared', '--with', 'me@example.com'])).code).toBe(0);
    const listed = await world.folio(['__complete', 'portfolios']);
    expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual(['Retirement', 'ann@example.com/Shared']);
  });

  it('prints zsh (through bashcompinit) and fish scripts from the same tree', async () => {
    const zsh = (await world.folio(['completion', 'zsh'])).stdout;
    expect(zsh.split('\n').slice(1, 3)).toEqual(['#compdef folio', 'autoload -U +X bashcompinit && bashcompinit']);
    expect(zsh).toContain('complete -F _folio folio');
    const fish = (await world.folio(['completion', 'fish'])).stdout;
    expect(fish).toContain(`complete -c folio -n "__folio_at 'portfolio share'" -l role -x -a 'viewer editor'`);
    expect(fish).toContain(`complete -c folio -n "__folio_at 'portfolio'" -a 'show' -d 'show a portfolio, its targets and who it is shared with'`);
    expect(fish).toContain(`complete -c folio -n "__folio_at 'allocation'" -a '(folio __complete portfolios 2>/dev/null)'`);
    expect((await world.folio(['completion', 'tcsh'])).code).toBe(2);
  });
});
