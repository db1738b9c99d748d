/**
 * E-mail alerts over SMTP (nodemailer), to the deployment's mail server: STARTTLS required
 * unless NOTIFIER_SMTP_TLS says `tls` (implicit) or, outside production, `none`. Every alert has
 * the same subject and a body of counts (alert-text.ts); no header names a case or a time finer
 * than the SMTP server adds itself.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config';
import { ALERT_SUBJECT, alertText, type AlertCounts } from './alert-text';
import { DeliveryError } from './delivery-error';

/** One attempt waits at most this long for the mail server. */
const SMTP_TIMEOUT_MS = 15_000;

export class EmailChannel {
  private readonly transport: Transporter | null;

  constructor(private readonly smtp: SmtpConfig | null) {
    this.transport = smtp
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.tls === 'tls',
          requireTLS: smtp.tls === 'starttls',
          ignoreTLS: smtp.tls === 'none',
          auth: smtp.auth ? { user: smtp.auth.user, pass: smtp.auth.password } : undefined,
          connectionTimeout: SMTP_TIMEOUT_MS,
          greetingTimeout: SMTP_TIMEOUT_MS,
          socketTimeout: SMTP_TIMEOUT_MS,
          // One connection per alert: nothing pooled stays open between batches.
          pool: false,
        })
      : null;
  }

  async send(to: string, counts: AlertCounts): Promise<void> {
    if (!this.transport || !this.smtp) throw new DeliveryError('smtp_not_configured');
    try {
      await this.transport.sendMail({
        from: this.smtp.from,
        to,
        subject: ALERT_SUBJECT,
        text: alertText(counts),
        // The Date header is the mail server's to add; no Message-ID naming this host.
        messageId: undefined,
      });
    } catch (error) {
      throw new DeliveryError(smtpErrorCode(error));
    }
  }

  close(): void {
    this.transport?.close();
  }
}

/** nodemailer's error codes (ECONNECTION, EAUTH, EENVELOPE, ETIMEDOUT, …) as the admin page names them. */
function smtpErrorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'ETIMEDOUT' || code === 'EDNS')
    return 'smtp_unreachable';
  if (code === 'EAUTH') return 'smtp_auth_failed';
  if (code === 'EENVELOPE') return 'smtp_address_refused';
  if (code === 'ETLS') return 'smtp_tls_failed';
  const responseCode = (error as { responseCode?: unknown }).responseCode;
  if (typeof responseCode === 'number') return `smtp_${responseCode}`;
  return 'smtp_failed';
}
