import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MailRejectedError, Mailer, stableMessageId, type OutgoingMail } from '../src';

const FROM = 'Loadwatch <loadwatch@mail.example.test>';

const mail = (over: Partial<OutgoingMail> = {}): OutgoingMail => ({
  to: 'runner@example.test',
  subject: 'Loadwatch: your week of 2026-03-23',
  text: 'Your week: 42.0 km in 3 runs.',
  html: '<p>Your week: <b>42.0 km</b> in 3 runs.</p>',
  messageId: stableMessageId('weekly-digest:athlete-1:2026-03-23', FROM),
  unsubscribeUrl: 'http://localhost:3000/api/email/unsubscribe?token=abc',
  ...over,
});

/** A header's value as sent (mailparser folds the List-* headers into one structured `list` header). */
function rawHeader(parsed: ParsedMail, key: string): string | undefined {
  const line = parsed.headerLines.find((header) => header.key === key)?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives, or refuses recipients with `refuse`. */
async function smtpServer(refuse?: { code: number; message: string }) {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refuse) return callback();
      return callback(Object.assign(new Error(refuse.message), { responseCode: refuse.code }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push(parsed);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Mailer over SMTP', () => {
  it('sends both parts, the stable Message-ID and the RFC 8058 one-click unsubscribe headers', async () => {
    const smtp = await smtpServer();
    const mailer = new Mailer({ smtpUrl: smtp.url, from: FROM, outboxDir: '/nonexistent' });
    try {
      const sent = await mailer.send(mail());
      expect(sent).toEqual({ messageId: mail().messageId, outboxPath: null });
      expect(smtp.received).toHaveLength(1);
      const [received] = smtp.received;
      expect(received.subject).toBe('Loadwatch: your week of 2026-03-23');
      expect(received.text?.trim()).toBe('Your week: 42.0 km in 3 runs.');
      expect(received.html).toContain('<b>42.0 km</b>');
      expect(received.messageId).toBe(mail().messageId);
      expect(received.headers.get('list')).toMatchObject({
        unsubscribe: { url: 'http://localhost:3000/api/email/unsubscribe?token=abc' },
      });
      expect(rawHeader(received, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('leaves the unsubscribe headers out of emails that cannot be switched off', async () => {
    const smtp = await smtpServer();
    const mailer = new Mailer({ smtpUrl: smtp.url, from: FROM, outboxDir: '/nonexistent' });
    try {
      await mailer.send(mail({ unsubscribeUrl: null }));
      expect(smtp.received[0].headers.has('list')).toBe(false);
      expect(rawHeader(smtp.received[0], 'list-unsubscribe-post')).toBeUndefined();
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('fails for good on a 5xx refusal of the message, and retryably on a 4xx or a server that is down', async () => {
    const refusing = await smtpServer({ code: 550, message: 'No such user here' });
    const busy = await smtpServer({ code: 451, message: 'Try again later' });
    const down = await smtpServer();
    await down.close();
    const mailers = [refusing, busy, down].map(
      (smtp) => new Mailer({ smtpUrl: smtp.url, from: FROM, outboxDir: '/nonexistent', timeoutMs: 2000 }),
    );
    try {
      await expect(mailers[0].send(mail())).rejects.toThrow(MailRejectedError);
      const transient = [
        await mailers[1].send(mail()).catch((e) => e),
        await mailers[2].send(mail()).catch((e) => e),
      ];
      for (const error of transient) {
        // nodemailer's errors come from outside Jest's realm: no instanceof Error, but a message.
        expect(typeof (error as Error).message).toBe('string');
        expect(error).not.toBeInstanceOf(MailRejectedError);
      }
    } finally {
      mailers.forEach((m) => m.close());
      await refusing.close();
      await busy.close();
    }
  });
});

describe('Mailer without SMTP (the embedded default)', () => {
  it('writes each message as an .eml file in the outbox, readable by a mail client', async () => {
    const outboxDir = mkdtempSync(join(tmpdir(), 'loadwatch-outbox-'));
    const mailer = new Mailer({ smtpUrl: null, from: FROM, outboxDir });
    try {
      expect(mailer.mode).toBe('outbox');
      const sent = await mailer.send(mail());
      expect(sent.outboxPath).toMatch(new RegExp(`^${outboxDir}/.+\\.eml$`));
      expect(readdirSync(outboxDir)).toHaveLength(1);
      const parsed = await simpleParser(readFileSync(sent.outboxPath as string));
      expect(parsed.subject).toBe(mail().subject);
      expect(parsed.from?.text).toBe(FROM.replace('Loadwatch', '"Loadwatch"'));
      expect(parsed.messageId).toBe(mail().messageId);
      expect(rawHeader(parsed, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    } finally {
      mailer.close();
      rmSync(outboxDir, { recursive: true, force: true });
    }
  });
});

describe('stableMessageId', () => {
  it('is the same for a natural key on every attempt, different across keys, in the sender domain', () => {
    const a = stableMessageId('urgent-alert:finding-1:user-1', FROM);
    expect(stableMessageId('urgent-alert:finding-1:user-1', FROM)).toBe(a);
    expect(stableMessageId('urgent-alert:finding-2:user-1', FROM)).not.toBe(a);
    expect(a).toMatch(/^<[0-9a-f]{32}@mail\.example\.test>$/);
    expect(stableMessageId('k', 'no-domain')).toMatch(/@loadwatch\.localhost>$/);
  });
});
