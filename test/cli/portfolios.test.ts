import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, signedIn, withDatabase, type World } from '../helpers/backends.js';
import type { CliResult } from '../helpers/cli.js';

const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';

const json = <T = any>(result: CliResult): T => JSON.parse(result.stdout) as T;

function expectOk(result: CliResult): void {
  expect(result.code, result.stderr).toBe(0);
}

/** A failed command: its exit code, one line on stderr, no stack trace. */
function expectFailure(result: CliResult, code: number, message: string | RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(STACK_LINE);
}


interface Listed {
  id: string;
  name: string;
  currency: string;
  owner: string;
  role: string;
}

describe.each(BACKENDS)('portfolios on $name', (backend) => {
  // Every test makes its own portfolios (and its own users where it counts what they see), so they run concurrently
  // on Postgres; in one process a SQLite writer waiting on the busy timeout would block the others.
  const group = backend.name === 'postgres' ? describe.skipIf(!backend.available).concurrent : describe.skipIf(!backend.available);
  group('', () => {
    let world: World; // alice: owns the portfolios
    let bob: World; // shared with, as viewer or editor depending on the test
    let carol: World; // a stranger to alice's portfolios

    beforeAll(async () => {
      world = await createWorld(backend, { inProcess: true });
      await registerUser(world, ALICE);
      bob = await signedIn(world, BOB);
      carol = await signedIn(world, CAROL);
    });
    afterAll(async () => world?.cleanup());

    /** Creates a portfolio of alice's and returns its id. */
    async function create(name: string, ...flags: string[]): Promise<string> {
      const result = await world.folio(['portfolio', 'add', name, ...flags, '--json']);
      expectOk(result);
      return json(result).id as string;
    }

    async function share(name: string, email: string, role: 'viewer' | 'editor'): Promise<void> {
      expectOk(await world.folio(['portfolio', 'share', name, '--with', email, '--role', role]));
    }

    const show = async (home: World, ref: string) => {
      const result = await home.folio(['portfolio', 'show', ref, '--json']);
      expectOk(result);
      return json(result);
    };

    describe('add', () => {
      it('creates a portfolio with the given fields and prints it as JSON', async () => {
        const result = await world.folio([
          'portfolio', 'add', 'Retirement', '--currency', 'eur', '--description', 'Long term', '--target', 'vti=60,aapl=40', '--json',
        ]);
        expectOk(result);
        const created = json(result);
        expect(created).toEqual({
          id: expect.any(String),
          name: 'Retirement',
          currency: 'EUR',
          description: 'Long term',
          owner: ALICE,
          role: 'owner',
          targets: { VTI: '60', AAPL: '40' },
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          updatedAt: created.createdAt,
        });
        expect(await show(world, 'Retirement')).toEqual({ ...created, members: [] });
      });

      it('says what it created on stderr and keeps stdout empty', async () => {
        const result = await world.folio(['portfolio', 'add', 'Quiet']);
        expectOk(result);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain('Created portfolio "Quiet" (USD)');
      });

      it('defaults the currency to the display.currency setting', async () => {
        const home = await signedIn(world, 'dora@example.com');
        expect(json(await home.folio(['portfolio', 'add', 'Dollars', '--json'])).currency).toBe('USD');
        expectOk(await home.folio(['settings', 'set', 'display.currency', 'CHF']));
        expect(json(await home.folio(['portfolio', 'add', 'Francs', '--json'])).currency).toBe('CHF');
        expect(json(await home.folio(['portfolio', 'add', 'Pounds', '--currency', 'GBP', '--json'])).currency).toBe('GBP');
      });

      it('needs NAME when there is no terminal to ask on (exit 2)', async () => {
        expectFailure(await world.folio(['portfolio', 'add', '--currency', 'USD']), 2, 'NAME');
      });

      it('refuses a second portfolio of the same name for the same user (exit 5), not for another user', async () => {
        await create('Duplicate');
        expectFailure(await world.folio(['portfolio', 'add', 'Duplicate']), 5, 'already have a portfolio named "Duplicate"');
        expectOk(await bob.folio(['portfolio', 'add', 'Duplicate']));
      });

      it.each([
        [['Bad/Name'], /must not contain "\/"/],
        [['Money', '--currency', 'EURO'], /not a currency/],
        [['Money', '--target', 'AAPL=40,VTI=59.5'], /add up to 99\.5/],
        [['Money', '--target', 'AAPL=100,aapl=0'], /AAPL appears twice/],
      ])('rejects %j with exit 2 and writes nothing', async (args, message) => {
        expectFailure(await world.folio(['portfolio', 'add', ...args]), 2, message);
        const names = json<Listed[]>(await world.folio(['portfolio', 'list', '--json'])).map((p) => p.name);
        expect(names).not.toContain('Money');
      });

      it('needs a session (exit 3)', async () => {
        const stranger = world.another();
        expectFailure(await stranger.folio(['portfolio', 'add', 'Nobody']), 3, 'Not signed in');
      });
    });

    describe('list', () => {
      it('lists own portfolios, then shared ones marked as shared', async () => {
        const erin = await signedIn(world, 'erin@example.com');
        const frank = await signedIn(world, 'frank@example.com');
        const zeta = json(await erin.folio(['portfolio', 'add', 'Zeta', '--json'])).id;
        const alpha = json(await erin.folio(['portfolio', 'add', 'Alpha', '--currency', 'EUR', '--json'])).id;
        const mine = json(await frank.folio(['portfolio', 'add', 'Mine', '--json'])).id;
        expectOk(await erin.folio(['portfolio', 'share', 'Zeta', '--with', 'frank@example.com', '--role', 'editor']));

        expect(json<Listed[]>(await erin.folio(['portfolio', 'list', '--json']))).toEqual([
          { id: alpha, name: 'Alpha', currency: 'EUR', owner: 'erin@example.com', role: 'owner' },
          { id: zeta, name: 'Zeta', currency: 'USD', owner: 'erin@example.com', role: 'owner' },
        ]);
        expect(json<Listed[]>(await frank.folio(['portfolio', 'list', '--json']))).toEqual([
          { id: mine, name: 'Mine', currency: 'USD', owner: 'frank@example.com', role: 'owner' },
          { id: zeta, name: 'Zeta', currency: 'USD', owner: 'erin@example.com', role: 'editor' },
        ]);

        const table = await frank.folio(['portfolio', 'list']);
        expectOk(table);
        const lines = table.stdout.trim().split('\n');
        expect(lines[0]).toBe('NAME\tCURRENCY\tROLE\tOWNER\tID');
        expect(lines[1]).toBe(`Mine\tUSD\towner\tyou\t${mine}`);
        expect(lines[2]).toBe(`erin@example.com/Zeta\tUSD\teditor (shared)\terin@example.com\t${zeta}`);

        const csv = await frank.folio(['portfolio', 'list', '--csv']);
        expect(csv.stdout.trim().split('\n')).toEqual([
          'id,name,currency,owner,role',
          `${mine},Mine,USD,frank@example.com,owner`,
          `${zeta},Zeta,USD,erin@example.com,editor`,
        ]);
      });

      it('prints [] for nobody with nothing, and a hint on stderr in human mode', async () => {
        const gina = await signedIn(world, 'gina@example.com');
        const asJson = await gina.folio(['portfolio', 'list', '--json']);
        expectOk(asJson);
        expect(json(asJson)).toEqual([]);
        const human = await gina.folio(['portfolio', 'list']);
        expectOk(human);
        expect(human.stdout).toBe('');
        expect(human.stderr).toContain('folio portfolio add');
      });
    });

    describe('show and references', () => {
      it('opens a portfolio by name, by id and by owner/NAME', async () => {
        const id = await create('Refs', '--target', 'VTI=100');
        await share('Refs', BOB, 'viewer');
        const byName = await show(world, 'Refs');
        expect(byName.id).toBe(id);
        expect(await show(world, id)).toEqual(byName);
        expect(await show(world, `${ALICE}/Refs`)).toEqual(byName);
        expect(await show(world, `Alice@Example.com/Refs`)).toEqual(byName);

        const asBob = await show(bob, `${ALICE}/Refs`);
        expect(asBob).toEqual({ ...byName, role: 'viewer' });
        expect(await show(bob, id)).toEqual(asBob);
      });

      it('shows fields, targets and members', async () => {
        const id = await create('Shown', '--currency', 'EUR', '--description', 'For show', '--target', 'AAPL=40,VTI=60');
        await share('Shown', BOB, 'editor');
        await share('Shown', CAROL, 'viewer');
        const shown = await show(world, 'Shown');
        expect(shown).toMatchObject({
          id,
          name: 'Shown',
          currency: 'EUR',
          description: 'For show',
          owner: ALICE,
          role: 'owner',
          targets: { AAPL: '40', VTI: '60' },
        });
        expect(shown.members).toEqual([
          { email: BOB, name: 'bob', role: 'editor', since: expect.any(String) },
          { email: CAROL, name: 'carol', role: 'viewer', since: expect.any(String) },
        ]);

        const human = await world.folio(['portfolio', 'show', 'Shown']);
        expectOk(human);
        expect(human.stdout).toMatch(/^Name\s+Shown$/m);
        expect(human.stdout).toMatch(/^Currency\s+EUR$/m);
        expect(human.stdout).toMatch(/^Description\s+For show$/m);
        expect(human.stdout).toMatch(new RegExp(`^Id\\s+${id}$`, 'm'));
        expect(human.stdout).toContain('AAPL\t40');
        expect(human.stdout).toContain('VTI\t60');
        expect(human.stdout).toMatch(new RegExp(`^${BOB}\\tbob\\teditor\\t\\d{4}-\\d\\d-\\d\\d$`, 'm'));
        expect(human.stdout).toMatch(new RegExp(`^${CAROL}\\tcarol\\tviewer\\t`, 'm'));

        const asBob = await bob.folio(['portfolio', 'show', `${ALICE}/Shown`]);
        expectOk(asBob);
        expect(asBob.stdout).toMatch(/^Your role\s+editor/m);
      });

      it('treats what a user cannot see as if it did not exist (exit 4)', async () => {
        const id = await create('Private');
        const missing = await world.folio(['portfolio', 'show', 'Nope']);
        expectFailure(missing, 4, 'No portfolio "Nope".');
        // A stranger gets the same answer for a real portfolio as for none at all.
        expectFailure(await carol.folio(['portfolio', 'show', id]), 4, `No portfolio "${id}".`);
        expectFailure(await carol.folio(['portfolio', 'show', `${ALICE}/Private`]), 4, `No portfolio "${ALICE}/Private".`);
        expectFailure(await carol.folio(['portfolio', 'show', `${ALICE}/Nope`]), 4, `No portfolio "${ALICE}/Nope".`);
        expectFailure(await carol.folio(['portfolio', 'show', 'nobody@example.com/Private']), 4, 'No portfolio');
        // A bare name means one's own portfolio, never someone else's.
        expectFailure(await carol.folio(['portfolio', 'show', 'Private']), 4, 'No portfolio "Private".');
        const asJson = await carol.folio(['portfolio', 'show', id, '--json']);
        expect(asJson.code).toBe(4);
        expect(asJson.stdout).toBe('');
        expect(JSON.parse(asJson.stderr.trim().split('\n').at(-1)!)).toEqual({ error: { code: 'portfolio_not_found', message: `No portfolio "${id}".` } });
      });
    });

    describe('rename', () => {
      it('renames; the old name is gone and the id stays', async () => {
        const id = await create('Before');
        const result = await world.folio(['portfolio', 'rename', 'Before', 'After']);
        expectOk(result);
        expect(result.stderr).toContain('Renamed "Before" to "After"');
        expect((await show(world, 'After')).id).toBe(id);
        expectFailure(await world.folio(['portfolio', 'show', 'Before']), 4, 'No portfolio "Before".');
        expect(json(await world.folio(['portfolio', 'rename', id, 'Again', '--json'])).name).toBe('Again');
      });

      it('refuses a name already taken (exit 5) and a bad name (exit 2)', async () => {
        await create('Taken');
        await create('Other');
        expectFailure(await world.folio(['portfolio', 'rename', 'Other', 'Taken']), 5, 'already have a portfolio named "Taken"');
        expectFailure(await world.folio(['portfolio', 'rename', 'Other', 'a/b']), 2, 'must not contain "/"');
        expect((await show(world, 'Other')).name).toBe('Other');
      });
    });

    describe('set-targets', () => {
      it('stores exact weights that add up to exactly 100 in the assets JSON', async () => {
        const id = await create('Weights');
        // 33.3 + 33.3 + 33.4 = 100 exactly (as floats it would be 99.99999999999999)
        const result = await world.folio(['portfolio', 'set-targets', 'Weights', 'a=33.3,b=33.3,c=33.4', '--json']);
        expectOk(result);
        expect(json(result).targets).toEqual({ A: '33.3', B: '33.3', C: '33.4' });
        expect((await show(world, 'Weights')).targets).toEqual({ A: '33.3', B: '33.3', C: '33.4' });

        expectOk(await world.folio(['portfolio', 'set-targets', 'Weights', 'AAPL=40,VTI=60']));
        const stored = await withDatabase(world, (db) =>
          db.selectFrom('portfolios').select('assets').where('id', '=', id).executeTakeFirstOrThrow(),
        );
        expect(JSON.parse(stored.assets)).toEqual({ targets: { AAPL: '40', VTI: '60' } });
      });

      it.each([
        // 40 + 59.5 = 99.5
        ['AAPL=40,VTI=59.5', 'add up to 99.5'],
        // 50 + 50.5 = 100.5
        ['AAPL=50,VTI=50.5', 'add up to 100.5'],
        ['AAPL=50,aapl=50', 'AAPL appears twice'],
        ['AAPL=0,VTI=100', 'greater than zero'],
        ['AAPL=-10,VTI=110', 'greater than zero'],
        ['AAPL:40,VTI=60', '"AAPL:40" is not a target'],
        ['AAPL=forty,VTI=60', '"forty" is not a percentage'],
        ['', 'No targets given'],
      ])('rejects %j with exit 2 and keeps the old targets', async (list, message) => {
        await create(`Bad ${list}`, '--target', 'VTI=100');
        expectFailure(await world.folio(['portfolio', 'set-targets', `Bad ${list}`, list]), 2, message);
        expect((await show(world, `Bad ${list}`)).targets).toEqual({ VTI: '100' });
      });

      it('clears with --clear; needs TARGETS or --clear, not both', async () => {
        await create('Clearable', '--target', 'VTI=100');
        expectFailure(await world.folio(['portfolio', 'set-targets', 'Clearable']), 2, '--clear');
        expectFailure(await world.folio(['portfolio', 'set-targets', 'Clearable', 'VTI=100', '--clear']), 2, 'not both');
        expectOk(await world.folio(['portfolio', 'set-targets', 'Clearable', '--clear']));
        expect((await show(world, 'Clearable')).targets).toEqual({});
      });
    });

    describe('sharing', () => {
      it('shares as viewer by default, re-sharing changes the role, unshare takes it away', async () => {
        await create('Family');
        const added = await world.folio(['portfolio', 'share', 'Family', '--with', BOB]);
        expectOk(added);
        expect(added.stderr).toContain(`as viewer. They open it as ${ALICE}/Family`);
        expect((await show(bob, `${ALICE}/Family`)).role).toBe('viewer');

        const changed = await world.folio(['portfolio', 'share', 'Family', '--with', 'BOB@example.com', '--role', 'editor', '--json']);
        expectOk(changed);
        expect(json(changed)).toEqual({ portfolio: 'Family', email: BOB, role: 'editor', outcome: 'changed' });
        const members = (await show(world, 'Family')).members;
        expect(members).toEqual([{ email: BOB, name: 'bob', role: 'editor', since: expect.any(String) }]);
        expect((await show(bob, `${ALICE}/Family`)).role).toBe('editor');

        expectOk(await world.folio(['portfolio', 'unshare', 'Family', '--with', BOB]));
        expectFailure(await bob.folio(['portfolio', 'show', `${ALICE}/Family`]), 4, 'No portfolio');
        expect((await show(world, 'Family')).members).toEqual([]);
        expectFailure(await world.folio(['portfolio', 'unshare', 'Family', '--with', BOB]), 4, `not shared with ${BOB}`);
      });

      it('refuses unknown accounts (exit 4), yourself (exit 2), a bad role or email (exit 2), a missing --with (exit 2)', async () => {
        await create('Lonely');
        expectFailure(await world.folio(['portfolio', 'share', 'Lonely', '--with', 'ghost@example.com']), 4, 'No account for ghost@example.com');
        expectFailure(await world.folio(['portfolio', 'share', 'Lonely', '--with', ALICE]), 2, 'cannot share it with yourself');
        expect((await world.folio(['portfolio', 'share', 'Lonely', '--with', BOB, '--role', 'owner'])).code).toBe(2);
        expectFailure(await world.folio(['portfolio', 'share', 'Lonely', '--with', 'not-an-email']), 2, '--with');
        expectFailure(await world.folio(['portfolio', 'share', 'Lonely']), 2, '--with');
        expectFailure(await world.folio(['portfolio', 'unshare', 'Lonely', '--with', 'ghost@example.com']), 4, 'No account');
        expect((await show(world, 'Lonely')).members).toEqual([]);
      });

      it('lets a member leave by unsharing their own email', async () => {
        await create('Leavable');
        await share('Leavable', BOB, 'viewer');
        const left = await bob.folio(['portfolio', 'unshare', `${ALICE}/Leavable`, '--with', BOB]);
        expectOk(left);
        expect(left.stderr).toContain(`You left "${ALICE}/Leavable"`);
        expect(json<Listed[]>(await bob.folio(['portfolio', 'list', '--json'])).map((p) => p.name)).not.toContain('Leavable');
      });
    });

    describe('who may do what', () => {
      // [what, viewer's exit code, editor's exit code, args after the portfolio reference]
      const ACTIONS: Array<[string, number, number, string[]]> = [
        ['show', 0, 0, []],
        ['set-targets', 3, 0, ['VTI=100']],
        ['rename', 3, 3, ['Renamed by member']],
        ['remove', 3, 3, ['--yes']],
        ['share', 3, 3, ['--with', CAROL]],
        ['unshare', 3, 3, ['--with', CAROL]],
      ];

      it.each(ACTIONS)('%s: viewer exits %i, editor exits %i, stranger 4', async (action, viewerCode, editorCode, rest) => {
        const name = `Rights ${action}`;
        const id = await create(name);
        const dan = await signedIn(world, `dan-${action}@example.com`);
        await share(name, BOB, 'viewer');
        await share(name, `dan-${action}@example.com`, 'editor');
        const ref = `${ALICE}/${name}`;

        const asViewer = await bob.folio(['portfolio', action, ref, ...rest]);
        expect(asViewer.code, asViewer.stderr).toBe(viewerCode);
        if (viewerCode === 3) expect(asViewer.stderr).toContain(`You can only view "${name}" (shared by ${ALICE}).`);

        const asEditor = await dan.folio(['portfolio', action, ref, ...rest]);
        expect(asEditor.code, asEditor.stderr).toBe(editorCode);
        if (editorCode === 3) expect(asEditor.stderr).toContain(`Only the owner of "${name}" (${ALICE})`);

        for (const asStranger of [ref, id]) {
          expectFailure(await carol.folio(['portfolio', action, asStranger, ...rest]), 4, `No portfolio "${asStranger}".`);
        }
        expect((await show(world, id)).name).toBe(name); // still there, still named the same
      });

      it('an editor sets targets that the owner then sees', async () => {
        await create('Edited');
        await share('Edited', BOB, 'editor');
        expectOk(await bob.folio(['portfolio', 'set-targets', `${ALICE}/Edited`, 'AAPL=25,VTI=75']));
        expect((await show(world, 'Edited')).targets).toEqual({ AAPL: '25', VTI: '75' });
      });
    });

    describe('remove', () => {
      it('refuses without --yes when there is no terminal (exit 2) and keeps the portfolio', async () => {
        await create('Kept');
        expectFailure(await world.folio(['portfolio', 'remove', 'Kept']), 2, '--yes');
        expect((await show(world, 'Kept')).name).toBe('Kept');
      });

      it('removes with --yes, taking its transactions, imports and memberships with it (foreign keys cascade)', async () => {
        const id = await create('Doomed');
        const keep = await create('Survivor');
        await share('Doomed', BOB, 'editor');
        await share('Survivor', BOB, 'viewer');
        // Transactions are written straight into the table here, so this test does not depend on `folio tx`.
        await withDatabase(world, async (db) => {
          const now = new Date().toISOString();
          await db.insertInto('imports').values({ id: 'imp-1', portfolio_id: id, fingerprint: 'f', source: 'test.csv', row_count: 1, created_at: now }).execute();
          const row = (txId: string, portfolioId: string, seq: number) => ({
            id: txId, portfolio_id: portfolioId, seq, date: '2026-01-02', type: 'deposit', symbol: null, quantity: null, price: null,
            amount: '1000', fee: null, currency: 'USD', note: null, import_id: seq === 1 ? 'imp-1' : null, created_at: now,
          });
          await db.insertInto('transactions').values([row('tx-1', id, 1), row('tx-2', id, 2), row('tx-3', keep, 1)]).execute();
        });

        const removed = await world.folio(['portfolio', 'remove', 'Doomed', '--yes', '--json']);
        expectOk(removed);
        expect(json(removed)).toEqual({ id, name: 'Doomed', removed: true, transactions: 2 });
        expectFailure(await world.folio(['portfolio', 'show', 'Doomed']), 4, 'No portfolio "Doomed".');
        expectFailure(await bob.folio(['portfolio', 'show', id]), 4, 'No portfolio');

        const left = await withDatabase(world, async (db) => ({
          transactions: (await db.selectFrom('transactions').select('id').where('portfolio_id', 'in', [id, keep]).execute()).map((r) => r.id),
          imports: (await db.selectFrom('imports').select('id').where('portfolio_id', '=', id).execute()).length,
          members: (await db.selectFrom('portfolio_members').select('portfolio_id').where('portfolio_id', 'in', [id, keep]).execute()).map((r) => r.portfolio_id),
        }));
        expect(left).toEqual({ transactions: ['tx-3'], imports: 0, members: [keep] });
      });

      it('tells how many transactions went, in human mode', async () => {
        await create('Empty');
        const result = await world.folio(['portfolio', 'remove', 'Empty', '--yes']);
        expectOk(result);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain('Removed portfolio "Empty" (0 transactions).');
      });
    });

    describe('on a terminal', () => {
      it('add asks for the name and the currency (defaulting to display.currency)', async () => {
        const result = await world.folio(['portfolio', 'add'], { tty: true, answers: ['Prompted', ''] });
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toContain('Created portfolio "Prompted" (USD)');
        expect((await show(world, 'Prompted')).currency).toBe('USD');
      });

      it('add asks again for a name or a currency it cannot take', async () => {
        const result = await world.folio(['portfolio', 'add'], { tty: true, answers: ['', 'Reasked', 'dollars', 'eur'] });
        expect(result.code, result.stderr).toBe(0);
        const { prompter } = result as typeof result & { prompter: { asked: string[]; refused: string[] } };
        expect(prompter.asked).toEqual(['Portfolio name', 'Portfolio name', 'Base currency', 'Base currency']);
        expect(prompter.refused).toHaveLength(2);
        expect((await show(world, 'Reasked')).currency).toBe('EUR');
      });

      it('remove asks for confirmation: no keeps it (exit 130), yes removes it', async () => {
        await create('Asked');
        const declined = await world.folio(['portfolio', 'remove', 'Asked'], { tty: true, answers: [false] });
        expect(declined.code, declined.stderr).toBe(130);
        expect(declined.stderr).toContain('Nothing removed.');
        expect((await show(world, 'Asked')).name).toBe('Asked');

        const accepted = await world.folio(['portfolio', 'remove', 'Asked'], { tty: true, answers: [true] });
        expect(accepted.code, accepted.stderr).toBe(0);
        expectFailure(await world.folio(['portfolio', 'show', 'Asked']), 4, 'No portfolio "Asked".');
      });
    });
  });
});
