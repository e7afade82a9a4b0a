/** One email, rendered: both parts, and the one-click unsubscribe where the kind allows it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * A stable Message-ID from the email's natural key: should a crash between the SMTP server's "250 OK" and
   * the ledger's commit make us send again, the receiving side sees the same message id.
   */
  messageId: string;
  /** RFC 8058 one-click unsubscribe URL (POST); null for emails that cannot be switched off. */
  unsubscribeUrl: string | null;
}

export interface SentMail {
  messageId: string;
  /** The .eml file written, when there is no SMTP server (embedded default). */
  outboxPath: string | null;
}

/** The SMTP server refused this message for good (a 5xx reply to it): retrying cannot help. */
export class MailRejectedError extends Error {
  override readonly name = 'MailRejectedError';
}
