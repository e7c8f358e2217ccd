import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { conflictError, usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { AtomicFile } from '../../output-file.js';
import { portfolioService } from '../../portfolio-ref.js';
import type { ExportAllOptions } from './export.command.js';
import { exportFormat } from './options.js';

export const EXPORT_FORMAT = 'folio-export';
export const EXPORT_VERSION = 1;
const INDEX_FILE = 'folio-export.json';
const PORTFOLIO_DIR = 'portfolios';

/** A file name for a portfolio: letters, digits, `.`, `_`, `-`; unique ignoring case (for case-insensitive disks). */
export function portfolioFileName(name: string, taken: Set<string>): string {
  const slug =
    name
      .normalize('NFC')
      .replace(/\s+/g, '-')
      .replace(/[^\p{L}\p{N}._-]/gu, '_')
      .replace(/^\./, '_')
      .slice(0, 80) || 'portfolio';
  let file = `${slug}.json`;
  for (let n = 2; taken.has(file.toLowerCase()); n++) file = `${slug}-${n}.json`;
  taken.add(file.toLowerCase());
  return file;
}

/**
 * `folio export all --output DIR`: one user's whole data, written into DIR:
 *   folio-export.json       format, version, profile (no password hash), stored settings, an index of
 *                           the portfolio files, the alerts (configuration, not state), and the
 *                           portfolios shared with the user (references only)
 *   portfolios/NAME.json    one portfolio document per owned portfolio (`folio import portfolio` reads it)
 * Everything is written into a temp directory next to DIR first and moved in at the end, so a
 * failure leaves DIR as it was. Existing files in DIR are replaced only with --force.
 */
export async function runExportAll(ctx: CliContext, options: ExportAllOptions): Promise<void> {
  exportFormat(ctx, ['json'], 'json');
  if (options.output === undefined || options.output === '-') {
    throw usageError('Missing --output DIR: `export all` writes a directory of files.', 'missing_flag');
  }
  const target = resolve(options.output);
  const exists = existsSync(target);
  if (exists && !statSync(target).isDirectory()) throw usageError(`${options.output} is a file: --output names a directory for \`export all\`.`, 'output_is_file');
  if (exists && !options.force) {
    const clashes = readdirSync(target).filter((entry) => entry === INDEX_FILE || entry === PORTFOLIO_DIR);
    if (clashes.length) throw conflictError(`${options.output} already holds an export (${clashes.join(', ')}): use --force to replace it.`, 'output_exists');
  }

  const user = await ctx.requireUser();
  const grants = await (await portfolioService(ctx)).list(user);
  const { store } = await openLedger(ctx);
  const { writePortfolioDocument } = await import('../../../io/portfolio-document.js');
  const exportedAt = ctx.clock.now().toISOString();

  const parent = dirname(target);
  if (!existsSync(parent)) throw usageError(`Cannot write ${options.output}: no such directory ${parent}.`, 'output_unwritable');
  const staging = join(parent, `.folio-${randomBytes(6).toString('hex')}.tmp`);
  const cleanup = () => rmSync(staging, { recursive: true, force: true });
  process.on('exit', cleanup);
  try {
    mkdirSync(join(staging, PORTFOLIO_DIR), { recursive: true, mode: 0o700 }); // private, like the files in it
    const taken = new Set<string>();
    const portfolios: Array<{ name: string; file: string; baseCurrency: string; transactions: number }> = [];
    const owned = new Set(grants.filter((g) => g.role === 'owner').map((g) => g.portfolio.id));
    for (const { portfolio } of grants.filter((g) => g.role === 'owner')) {
      const file = portfolioFileName(portfolio.name, taken);
      const out = await AtomicFile.open(join(staging, PORTFOLIO_DIR, file));
      try {
        const count = await writePortfolioDocument(out, portfolio, store.transactions(portfolio.id), exportedAt);
        await out.commit();
        portfolios.push({ name: portfolio.name, file: `${PORTFOLIO_DIR}/${file}`, baseCurrency: portfolio.baseCurrency, transactions: count });
      } catch (error) {
        await out.abort();
        throw error;
      }
    }
    // Alerts as their configuration (not their state): `folio import all` re-creates them armed.
    const { openAlerts } = await import('../../notifications.js');
    const alerts = (await (await openAlerts(ctx)).listAlerts(user.id))
      .filter((a) => a.portfolioId === null || owned.has(a.portfolioId))
      .map((a) => ({ type: a.type, symbol: a.symbol, portfolio: a.portfolioName, threshold: a.threshold, severity: a.severity, paused: a.paused }));
    const index = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt,
      profile: { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt, updatedAt: user.updatedAt },
      settings: user.settings,
      portfolios,
      alerts,
      sharedWithMe: grants
        .filter((g) => g.role !== 'owner')
        .map((g) => ({ owner: g.ownerEmail, name: g.portfolio.name, role: g.role, ref: `${g.ownerEmail}/${g.portfolio.name}` })),
    };
    const out = await AtomicFile.open(join(staging, INDEX_FILE));
    await out.out(JSON.stringify(index, null, 2) + '\n');
    await out.commit();

    if (!exists) {
      await rename(staging, target);
    } else {
      await rm(join(target, PORTFOLIO_DIR), { recursive: true, force: true });
      await rename(join(staging, PORTFOLIO_DIR), join(target, PORTFOLIO_DIR));
      await rename(join(staging, INDEX_FILE), join(target, INDEX_FILE));
      cleanup();
    }
    const count = portfolios.length;
    ctx.info(
      `Exported ${count} portfolio${count === 1 ? '' : 's'}, your profile and settings to ${target}` +
        (index.sharedWithMe.length ? ` (and references to ${index.sharedWithMe.length} shared with you).` : '.'),
    );
  } catch (error) {
    cleanup();
    throw error;
  } finally {
    process.off('exit', cleanup);
  }
}
