import { UnconfirmedDeliveryError, type Mailer, type OutgoingEmail } from '../core/notifications/types.js';
import { usageError } from '../core/errors.js';

/** Short timeouts: a dead SMTP server fails the delivery quickly, and the next run retries it. */
const DEFAULT_TIMEOUT_MS = 5000;

export interface SmtpConfig {
  url: string;
  from: string;
  timeoutMs: number;
}

/** SMTP settings from the environment: FOLIO_SMTP_URL (smtp://user:pass@host:587), FOLIO_MAIL_FROM, FOLIO_SMTP_TIMEOUT_MS. */
export function smtpConfig(env: NodeJS.ProcessEnv): SmtpConfig {
  const url = env.FOLIO_SMTP_URL?.trim();
  if (!url) throw usageError('Email is not configured: set FOLIO_SMTP_URL (e.g. smtp://user:pass@smtp.example.com:587) and FOLIO_MAIL_FROM.', 'smtp_not_configured');
  if (!/^smtps?:\/\//.test(url)) throw usageError('FOLIO_SMTP_URL must start with smtp:// or smtps://.', 'smtp_not_configured');
  const timeout = Number(env.FOLIO_SMTP_TIMEOUT_MS);
  let host = 'localhost';
  try {
    host = new URL(url).hostname || host;
  } catch {
    throw usageError('FOLIO_SMTP_URL is not a valid URL.', 'smtp_not_configured');
  }
  return {
    url,
    from: env.FOLIO_MAIL_FROM?.trim() || `folio <folio@${host}>`,
    timeoutMs: Number.isInteger(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The plain-text and HTML parts of a notification email: its sentence and its key figures. */
export function renderEmail(email: OutgoingEmail): { subject: string; text: string; html: string } {
  const width = Math.max(0, ...email.figures.map((f) => f.label.length));
  const text = [
    email.body,
    '',
    ...email.figures.map((f) => `${(f.label + ':').padEnd(width + 1)} ${f.value}`),
    '',
    '-- ',
    'folio · change what you receive with `folio settings set notifications.channels …`',
    '',
  ].join('\n');
  const rows = email.figures
    .map((f) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(f.label)}</th><td style="padding:2px 0">${escapeHtml(f.value)}</td></tr>`)
    .join('');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif">` +
    `<h2 style="font-size:16px">${escapeHtml(email.subject)}</h2>` +
    `<p>${escapeHtml(email.body)}</p>` +
    (rows ? `<table style="border-collapse:collapse">${rows}</table>` : '') +
    `<p style="color:#888;font-size:12px">folio · change what you receive with <code>folio settings set notifications.channels …</code></p>` +
    `</body></html>`;
  return { subject: email.subject, text, html };
}

/**
 * True when the server certainly did not take the email: it could not be reached or did not greet in
 * time, or it refused the login, the sender, a recipient or the message (an SMTP error reply). A
 * timeout or a dropped connection once the session was under way may have delivered it: not a refusal.
 */
function refusedBeforeSending(error: unknown): boolean {
  const err = error as { code?: string; responseCode?: number; timeoutType?: string; syscall?: string; message?: string };
  if (['EDNS', 'EAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'ETLS'].includes(err.code ?? '')) return true;
  if (typeof err.responseCode === 'number' && err.responseCode >= 400) return true;
  if (err.timeoutType === 'CONNECTION_TIMEOUT' || err.timeoutType === 'GREETING_TIMEOUT') return true;
  return err.syscall === 'connect' || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH/.test(err.message ?? '');
}

/** A mailer over nodemailer's SMTP transport; nodemailer is loaded here only, when mail goes out. */
export async function createSmtpMailer(config: SmtpConfig): Promise<Mailer & { close(): void }> {
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.createTransport({
    url: config.url,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs * 2,
  });
  return {
    async send(email) {
      const { subject, text, html } = renderEmail(email);
      try {
        await transport.sendMail({ from: config.from, to: email.to, subject, text, html });
      } catch (error) {
        throw refusedBeforeSending(error) ? error : new UnconfirmedDeliveryError(`no answer from the SMTP server after sending (${(error as Error).message})`);
      }
    },
    close: () => transport.close(),
  };
}
