import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package), keeping every message it accepts, parsed by
 * `mailparser`. `stop()` and `start()` take it down and up on the same port (SMTP down, then up); addresses in
 * `refused` get a permanent 5xx.
 */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  /** Recipients refused for good: RCPT TO answers 550, as a server does for an unknown mailbox. */
  readonly refused = new Set<string>();
  /** How long each message is held before it is accepted: a slow server, so that senders overlap. */
  acceptDelayMs = 0;
  private server: SMTPServer | null = null;

  private constructor(public port: number) {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink(0);
    await sink.start();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.refused.has(address.address.toLowerCase())) return callback();
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then(async (parsed) => {
            if (this.acceptDelayMs > 0)
              await new Promise((resolve) => setTimeout(resolve, this.acceptDelayMs));
            this.messages.push(parsed);
            callback();
          })
          .catch(callback);
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.listen(this.port, '127.0.0.1', () => resolve());
      server.once('error', reject);
    });
    const address = server.server.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => addresses(m).includes(address.toLowerCase()));
  }

  /** Waits until `count` messages arrived (or throws after the timeout). */
  async waitFor(count: number, timeoutMs = 15_000): Promise<ParsedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`Expected ${count} emails within ${timeoutMs} ms, got ${this.messages.length}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.messages;
  }
}

/** A header as sent (mailparser folds the List-* headers into one object). */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((header) => header.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

export function addresses(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((group) => group.value.map((a) => (a.address ?? '').toLowerCase()));
}
