import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createWorld, registerUser, type World } from '../helpers/backends.js';

/**
 * Issue 11, point 8: an SMTP server that takes the whole message but answers after the client
 * gave up (a late acknowledgement). The email must go out once, not once per run.
 */
async function lateAckServer(delayMs: number) {
  let messages = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        messages += 1; // the server has the whole email from here on
        setTimeout(() => callback(), delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('an email whose acknowledgement comes too late', () => {
  let world: World;
  let smtp: Awaited<ReturnType<typeof lateAckServer>>;

  beforeAll(async () => {
    smtp = await lateAckServer(3000);
    world = await createWorld({ name: 'sqlite', available: true }, { spawn: true });
    await registerUser(world, 'ann@example.com', 'Ann');
    for (const [key, value] of [
      ['notifications.channels', 'email'],
      ['notifications.digest', 'daily'],
    ]) {
      expect((await world.folio(['settings', 'set', key!, value!])).code).toBe(0);
    }
  });
  afterAll(async () => {
    await smtp?.close();
    await world?.cleanup();
  });

  it('is sent once in three runs, and reported as unconfirmed instead of sent again', async () => {
    // FOLIO_SMTP_TIMEOUT_MS 300: the socket gives up after 600 ms, long before the server's 3 s answer
    const env = { FOLIO_SMTP_URL: smtp.url, FOLIO_MAIL_FROM: 'folio <alerts@folio.test>', FOLIO_SMTP_TIMEOUT_MS: '300' };
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await world.folio(['notify', 'run', '--as-of', '2024-03-15', '--json'], { env }));
    expect(smtp.messages()).toBe(1);
    // the first run could not confirm the digest (exit 6, as for any email that did not go out for sure)
    expect(runs[0]!.code, runs[0]!.stderr).toBe(6);
    // under --json the error object follows the one-line message on stderr
    const first = JSON.parse(runs[0]!.stderr.trim().split('\n').at(-1)!) as { error: { details: { users: Array<{ failures: Array<{ error: string; attempts: number }> }> } } };
    const failures = first.error.details.users[0]!.failures;
    expect(failures).toHaveLength(1);
    expect(failures[0]!.error).toMatch(/^unconfirmed: no answer from the SMTP server after sending/);
    // later runs have nothing left to send
    for (const later of runs.slice(1)) {
      expect(later.code, later.stderr).toBe(0);
      expect((JSON.parse(later.stdout) as { totals: { emailsSent: number; emailsFailed: number } }).totals).toMatchObject({ emailsSent: 0, emailsFailed: 0 });
    }
  });
});
