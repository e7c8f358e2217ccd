import type { Mailer, OutgoingEmail } from '../core/notifications/types.js';
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
      await transport.sendMail({ from: config.from, to: email.to, subject, text, html });
    },
    close: () => transport.close(),
  };
}
