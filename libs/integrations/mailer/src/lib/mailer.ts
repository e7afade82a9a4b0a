import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import { MailRejectedError, type OutgoingMail, type SentMail } from './outgoing-mail';

export interface MailerOptions {
  /** null: write each message as an .eml file to `outboxDir` (the embedded default). */
  smtpUrl: string | null;
  from: string;
  outboxDir: string;
  /** Connection, greeting and socket timeouts of SMTP (default 20 s): a hung server fails the attempt. */
  timeoutMs?: number;
}

/** SMTP reply codes of connection-level trouble: the server is busy or away, not refusing this message. */
const TRANSIENT_SMTP_CODES = new Set([421, 450, 451, 452]);

/**
 * Sends rendered emails through nodemailer: over SMTP when a server is configured, else as RFC 822 .eml
 * files in the outbox folder, whose path (never the content) is logged. Errors are thrown: a refusal of the
 * message itself (a 5xx reply) as MailRejectedError, everything else (server down, timeouts, 4xx) as is,
 * for the caller to retry.
 */
export class Mailer {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo | StreamTransport.SentMessageInfo>;

  constructor(private readonly options: MailerOptions) {
    const timeout = options.timeoutMs ?? 20_000;
    this.transport = options.smtpUrl
      ? createTransport({
          url: options.smtpUrl,
          connectionTimeout: timeout,
          greetingTimeout: timeout,
          socketTimeout: timeout,
        } as SMTPTransport.Options)
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get mode(): 'smtp' | 'outbox' {
    return this.options.smtpUrl ? 'smtp' : 'outbox';
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const message = {
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      ...(mail.unsubscribeUrl
        ? {
            list: { unsubscribe: mail.unsubscribeUrl },
            headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          }
        : {}),
    };
    let info: SMTPTransport.SentMessageInfo | StreamTransport.SentMessageInfo;
    try {
      info = await this.transport.sendMail(message);
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && !TRANSIENT_SMTP_CODES.has(code)) {
        throw new MailRejectedError(`The SMTP server refused the message (${code}).`);
      }
      throw error;
    }
    if (this.mode === 'smtp') return { messageId: info.messageId, outboxPath: null };
    const outboxPath = await this.writeOutbox(
      mail.messageId,
      (info as StreamTransport.SentMessageInfo).message,
    );
    this.logger.log(`Email written to ${outboxPath} (no SMTP_URL set).`);
    return { messageId: info.messageId, outboxPath };
  }

  /**
   * Deletes the outbox files of these messages (by Message-ID: each file name ends with its hash), e.g. when
   * the account they went to or were about is deleted. Returns how many were removed; nothing in SMTP mode,
   * where the mail has left us.
   */
  async removeFromOutbox(messageIds: readonly string[]): Promise<number> {
    if (this.mode === 'smtp' || messageIds.length === 0) return 0;
    const suffixes = new Set(messageIds.map(outboxSuffix));
    let names: string[];
    try {
      names = await readdir(this.options.outboxDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const doomed = names.filter((name) => suffixes.has(name.slice(name.lastIndexOf('-'))));
    for (const name of doomed) await rm(join(this.options.outboxDir, name), { force: true });
    return doomed.length;
  }

  close(): void {
    this.transport.close();
  }

  private async writeOutbox(messageId: string, raw: unknown): Promise<string> {
    await mkdir(this.options.outboxDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const name = `${stamp}${outboxSuffix(messageId)}`;
    const path = join(this.options.outboxDir, name);
    await writeFile(path, raw as Buffer, { mode: 0o600 });
    return path;
  }
}

/** The end of an outbox file's name: a hash of its Message-ID, so the file can be found from the ledger. */
function outboxSuffix(messageId: string): string {
  return `-${createHash('sha256').update(messageId).digest('hex').slice(0, 12)}.eml`;
}

/** A Message-ID derived from a natural key (and the sender's domain), the same on every attempt. */
export function stableMessageId(naturalKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'loadwatch.localhost';
  return `<${createHash('sha256').update(naturalKey).digest('hex').slice(0, 32)}@${domain}>`;
}
