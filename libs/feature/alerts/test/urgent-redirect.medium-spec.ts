import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { EmailDeliveryEntity, FindingEntity, UserEntity, UsersRepository } from '@loadwatch/data-access/db';
import { DRIVERS } from '@loadwatch/testing';
import { unsubscribeToken } from '../src';
import { finding } from './support/fixtures';
import { rawHeader, SmtpSink } from './support/smtp-sink';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(90_000);

const FRAMING = 'It cannot diagnose, predict your own risk, or replace a health professional.';
const CONFIRM_SUBJECT = 'Loadwatch: confirm this address for urgent alerts';
const NOTICE_SUBJECT = 'Loadwatch: your urgent alerts go to another address now';
const URGENT_SUBJECT = 'Loadwatch: an urgent alert needs your attention';

describe.each(DRIVERS)('a redirect of urgent alerts takes effect once confirmed, on %s', (driver) => {
  let sink: SmtpSink;
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const today = () => new Date(t.clock.now()).toISOString().slice(0, 10);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp(driver, sink.url);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });
  beforeEach(() => {
    sink.messages.length = 0;
    t.clock.nowMs = Date.now();
  });

  const redirect = (user: UserEntity, to: string | null) =>
    http()
      .patch('/api/me')
      .set(t.as(user.id))
      .send({ emailPreferences: { urgentAlertsTo: to } });
  const preferences = async (user: UserEntity) =>
    (await http().get('/api/me').set(t.as(user.id)).expect(200)).body.emailPreferences;
  const urgentAlert = async (user: UserEntity) => {
    const f = finding(user.id, 'R12', 'urgent', today());
    await t.dataSource.getRepository(FindingEntity).save(f);
    await t.queue.enqueue('notify-finding', { findingId: f.id, severity: 'urgent' });
    await t.queue.drain();
  };
  /** The path and query of the confirmation link in the email. */
  const linkOf = (mail: ParsedMail) => {
    const match = /http:\/\/app\.loadwatch\.test(\/api\/email\/urgent-alerts-to\?token=\S+)/.exec(
      mail.text ?? '',
    );
    if (!match) throw new Error(`No confirmation link in: ${mail.text}`);
    return match[1];
  };
  const subjects = (address: string) => sink.to(address).map((mail) => mail.subject);

  it('emails the new address a link; alerts go to the account until it is confirmed by POST, then there', async () => {
    const athlete = await t.user({ displayName: 'Ada' });
    const patched = await redirect(athlete, 'Partner@Example.test').expect(200);
    expect(patched.body.emailPreferences).toMatchObject({
      urgentAlertsTo: null,
      urgentAlertsToPending: 'partner@example.test',
    });
    expect(Date.parse(patched.body.emailPreferences.urgentAlertsToPendingSince)).not.toBeNaN();
    // Asked for, not sent yet: the answer does not say it was emailed.
    expect(patched.body.emailPreferences.urgentAlertsToLinkSentAt).toBeNull();
    await t.queue.drain();

    expect(subjects('partner@example.test')).toEqual([CONFIRM_SUBJECT]);
    const sentAt = (await preferences(athlete)).urgentAlertsToLinkSentAt;
    expect(Date.parse(sentAt)).not.toBeNaN();
    expect((await preferences(athlete)).urgentAlertsToLinkExpiresAt).toBe(
      new Date(
        Date.parse(patched.body.emailPreferences.urgentAlertsToPendingSince) + 7 * 24 * 3600 * 1000,
      ).toISOString(),
    );
    const [confirmation] = sink.to('partner@example.test');
    // The account by its address only: its display name is free text, not put in an email to a stranger.
    expect(confirmation.text).toContain(`${athlete.email} asked Loadwatch`);
    expect(confirmation.text).not.toContain('Ada');
    expect(confirmation.text).toContain(`instead of to ${athlete.email}`);
    expect(confirmation.text).toContain(FRAMING);
    expect(confirmation.html).toContain('Review and confirm');
    expect(rawHeader(confirmation, 'List-Unsubscribe')).toBeUndefined();

    // Before the confirmation the urgent alert goes where it went before: the account's address.
    await urgentAlert(athlete);
    expect(subjects(athlete.email)).toEqual([URGENT_SUBJECT]);
    expect(subjects('partner@example.test')).toEqual([CONFIRM_SUBJECT]);

    // A GET (a mail scanner, a preview) only shows what confirming does.
    const link = linkOf(confirmation);
    const page = await http().get(link).expect(200);
    expect(page.text).toContain('<form method="post"');
    expect(page.text).toContain('partner@example.test');
    expect(page.text).toContain(athlete.email);
    expect(page.text).not.toContain('Ada');
    await t.queue.drain();
    expect(await preferences(athlete)).toMatchObject({
      urgentAlertsTo: null,
      urgentAlertsToPending: 'partner@example.test',
    });
    expect(subjects(athlete.email)).toEqual([URGENT_SUBJECT]);

    const confirmed = await http().post(link).expect(200);
    expect(confirmed.text).toContain('Confirmed');
    await t.queue.drain();
    expect(await preferences(athlete)).toMatchObject({
      urgentAlertsTo: 'partner@example.test',
      urgentAlertsToPending: null,
      urgentAlertsToPendingSince: null,
    });
    // The account's own address is told, so a change it did not make does not go unseen.
    expect(subjects(athlete.email)).toEqual([URGENT_SUBJECT, NOTICE_SUBJECT]);
    const notice = sink.to(athlete.email)[1];
    expect(notice.text).toContain('Your urgent alerts now go to partner@example.test');
    expect(notice.text).toContain(FRAMING);
    expect(notice.text).not.toContain('R12');

    await urgentAlert(athlete);
    expect(subjects('partner@example.test')).toEqual([CONFIRM_SUBJECT, URGENT_SUBJECT]);
    expect(sink.to(athlete.email)).toHaveLength(2);

    // The link followed again confirms nothing new and sends no second notice.
    const again = await http().post(link).expect(200);
    expect(again.text).toContain('already confirmed');
    await t.queue.drain();
    expect(sink.to(athlete.email)).toHaveLength(2);

    const rows = await t.dataSource.getRepository(EmailDeliveryEntity).findBy({ recipientId: athlete.id });
    expect(rows.map((row) => [row.kind, row.status]).sort()).toEqual([
      ['urgent-alert', 'sent'],
      ['urgent-alert', 'sent'],
      ['urgent-redirect', 'sent'],
      ['urgent-redirect-notice', 'sent'],
    ]);

    // Back to the account's address: at once, without a confirmation.
    await redirect(athlete, null).expect(200);
    await t.queue.drain();
    expect(await preferences(athlete)).toMatchObject({ urgentAlertsTo: null, urgentAlertsToPending: null });
    await urgentAlert(athlete);
    expect(subjects(athlete.email)).toEqual([URGENT_SUBJECT, NOTICE_SUBJECT, URGENT_SUBJECT]);
    expect(sink.to('partner@example.test')).toHaveLength(2);
  });

  it('needs no confirmation for null or the own address, both withdraw a pending one, and its link then fails', async () => {
    const athlete = await t.user();
    await redirect(athlete, 'typo@example.test').expect(200);
    // Saving the settings again with the pending address (as the settings page does) sends nothing more.
    await redirect(athlete, 'typo@example.test').expect(200);
    await t.queue.drain();
    expect(subjects('typo@example.test')).toEqual([CONFIRM_SUBJECT]);
    const link = linkOf(sink.to('typo@example.test')[0]);

    await redirect(athlete, null).expect(200);
    expect(await preferences(athlete)).toMatchObject({ urgentAlertsTo: null, urgentAlertsToPending: null });
    const withdrawn = await http().post(link);
    expect(withdrawn.status).toBe(410);
    expect(withdrawn.body.message).toMatch(/no longer valid/);

    await redirect(athlete, 'other@example.test').expect(200);
    await t.queue.drain();
    const own = await redirect(athlete, athlete.email.toUpperCase()).expect(200);
    expect(own.body.emailPreferences).toMatchObject({ urgentAlertsTo: null, urgentAlertsToPending: null });
    await http()
      .post(linkOf(sink.to('other@example.test')[0]))
      .expect(410);
    await t.queue.drain();
    // Neither the own address nor null asks for a confirmation, and nothing was confirmed: no notice.
    expect(sink.messages.map((mail) => mail.subject)).toEqual([CONFIRM_SUBJECT, CONFIRM_SUBJECT]);
    expect(sink.to(athlete.email)).toHaveLength(0);
  });

  it('refuses an expired, tampered, replaced or missing link with a 4xx and changes nothing', async () => {
    const athlete = await t.user();
    await redirect(athlete, 'partner@example.test').expect(200);
    await t.queue.drain();
    const first = linkOf(sink.to('partner@example.test')[0]);
    // Sending it again makes a new link; the first one stops working.
    const resent = await http().post('/api/me/urgent-alerts-to/resend').set(t.as(athlete.id)).expect(202);
    expect(resent.body.emailPreferences.urgentAlertsToPending).toBe('partner@example.test');
    await t.queue.drain();
    expect(subjects('partner@example.test')).toEqual([CONFIRM_SUBJECT, CONFIRM_SUBJECT]);
    const second = linkOf(sink.to('partner@example.test')[1]);
    expect(second).not.toBe(first);

    const replaced = await http().post(first);
    expect(replaced.status).toBe(410);
    const tampered = second.replace(/token=([^&]{4})/, 'token=AAAA');
    await expect(
      http()
        .post(tampered)
        .then((r) => r.status),
    ).resolves.toBe(400);
    await expect(
      http()
        .get('/api/email/urgent-alerts-to')
        .then((r) => r.status),
    ).resolves.toBe(400);

    t.clock.nowMs += 7 * 24 * 3600 * 1000 + 60_000;
    const expired = await http().post(second);
    expect(expired.status).toBe(410);
    expect(expired.body.message).toMatch(/expired/);
    await expect(
      http()
        .get(second)
        .then((r) => r.status),
    ).resolves.toBe(410);
    t.clock.nowMs = Date.now();
    expect(await preferences(athlete)).toMatchObject({
      urgentAlertsTo: null,
      urgentAlertsToPending: 'partner@example.test',
    });

    // Nothing waits: nothing to send again.
    await redirect(athlete, null).expect(200);
    await http().post('/api/me/urgent-alerts-to/resend').set(t.as(athlete.id)).expect(409);
  });

  it('sends at most 5 confirmation emails in 24 hours per account (429), and one per request number', async () => {
    const athlete = await t.user();
    for (let i = 1; i <= 5; i++) {
      await redirect(athlete, `spam-${i}@example.test`).expect(200);
      await t.queue.drain();
    }
    expect(sink.messages.map((mail) => mail.subject)).toEqual(Array(5).fill(CONFIRM_SUBJECT));
    const refused = await redirect(athlete, 'spam-6@example.test');
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/at most 5 in 24 hours; try again in \d+ min/);
    await http().post('/api/me/urgent-alerts-to/resend').set(t.as(athlete.id)).expect(429);
    // Refused as a whole: the pending address is still the fifth.
    expect((await preferences(athlete)).urgentAlertsToPending).toBe('spam-5@example.test');
    // Going back to the account's address is never limited.
    await redirect(athlete, null).expect(200);
    await redirect(athlete, 'spam-6@example.test').expect(429);
    await t.queue.drain();
    expect(sink.messages).toHaveLength(5);

    // Two requests that raced from one state carry the same number: the second is never emailed.
    const other = await t.user();
    const users = t.dataSource.getRepository(UserEntity);
    const since = new Date(t.clock.now()).toISOString();
    for (const [address, requestId] of [
      ['first@example.test', '1.racerA'],
      ['second@example.test', '1.racerB'],
    ]) {
      await users.update(
        { id: other.id },
        {
          emailPreferences: {
            urgentAlertsToPending: address,
            urgentAlertsToPendingSince: since,
            urgentAlertsToRequestId: requestId,
          },
        },
      );
      await t.queue.enqueue('send-redirect-confirmation', { userId: other.id, requestId });
      await t.queue.drain();
    }
    expect(sink.to('first@example.test')).toHaveLength(1);
    expect(sink.to('second@example.test')).toHaveLength(0);
    const rows = await t.dataSource.getRepository(EmailDeliveryEntity).findBy({ recipientId: other.id });
    expect(rows.map((row) => row.status).sort()).toEqual(['sent', 'suppressed']);
  });

  it('keeps a confirmed address, and the request count, through a one-click unsubscribe', async () => {
    const athlete = await t.user();
    await redirect(athlete, 'partner@example.test').expect(200);
    await t.queue.drain();
    await http()
      .post(linkOf(sink.to('partner@example.test')[0]))
      .expect(200);
    const token = unsubscribeToken(t.config.mail.secret, athlete.id, 'weekly-digest');
    await http()
      .post(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`)
      .expect(200);
    expect(await preferences(athlete)).toMatchObject({
      weeklyDigest: false,
      urgentAlertsTo: 'partner@example.test',
      urgentAlertsToPending: null,
    });
    const [stored] = await t.dataSource.getRepository(UserEntity).findBy({ id: athlete.id });
    expect(stored.emailPreferences).toMatchObject({ urgentAlertsToRequests: expect.any(String) });
  });

  it('keeps sending urgent alerts to an address saved before confirmations existed until the athlete changes it', async () => {
    const athlete = await t.user({ emailPreferences: { urgentAlertsTo: 'old@example.test' } });
    expect(await preferences(athlete)).toEqual({
      warningAlerts: true,
      weeklyDigest: true,
      coachDigest: true,
      urgentAlertsTo: 'old@example.test',
      urgentAlertsToUnconfirmed: true,
      urgentAlertsToPending: null,
      urgentAlertsToPendingSince: null,
    });
    await urgentAlert(athlete);
    expect(subjects('old@example.test')).toEqual([URGENT_SUBJECT]);
    expect(sink.to(athlete.email)).toHaveLength(0);

    // A new address waits for its confirmation; meanwhile the old one still gets them.
    await redirect(athlete, 'new@example.test').expect(200);
    await t.queue.drain();
    await urgentAlert(athlete);
    expect(subjects('old@example.test')).toEqual([URGENT_SUBJECT, URGENT_SUBJECT]);
    expect(subjects('new@example.test')).toEqual([CONFIRM_SUBJECT]);
    expect(await preferences(athlete)).toMatchObject({
      urgentAlertsTo: 'old@example.test',
      urgentAlertsToUnconfirmed: true,
      urgentAlertsToPending: 'new@example.test',
    });

    await redirect(athlete, null).expect(200);
    expect(await preferences(athlete)).not.toHaveProperty('urgentAlertsToUnconfirmed');
    await urgentAlert(athlete);
    expect(subjects(athlete.email)).toEqual([URGENT_SUBJECT]);
    expect(sink.to('old@example.test')).toHaveLength(2);
  });

  it('says no link was sent while its job could not be queued, and queues it again when the account looks', async () => {
    const athlete = await t.user();
    const enqueue = jest.spyOn(t.queue, 'enqueue').mockRejectedValueOnce(new Error('Redis is not connected'));
    try {
      const patched = await redirect(athlete, 'partner@example.test').expect(200);
      expect(patched.body.emailPreferences).toMatchObject({
        urgentAlertsToPending: 'partner@example.test',
        urgentAlertsToLinkSentAt: null,
      });
    } finally {
      enqueue.mockRestore();
    }
    await t.queue.drain();
    expect(sink.to('partner@example.test')).toHaveLength(0);
    expect((await preferences(athlete)).urgentAlertsToLinkSentAt).toBeNull();

    // That GET queued it again.
    await t.queue.drain();
    expect(subjects('partner@example.test')).toEqual([CONFIRM_SUBJECT]);
    expect(Date.parse((await preferences(athlete)).urgentAlertsToLinkSentAt)).not.toBeNaN();
    await t.queue.drain();
    expect(sink.to('partner@example.test')).toHaveLength(1);
  });

  describe('every write of the email preferences is atomic against the others', () => {
    /**
     * Runs `during` inside the next read-modify-write of an account's settings, after it read the account
     * and before it writes: the moment a concurrent request would have been lost before. `during` must not
     * be awaited there (it waits for this write's row), so it is only started, and returned.
     */
    function during<T>(start: () => Promise<T>): { landed: () => Promise<T> } {
      const users = t.app.get(UsersRepository);
      const real = users.updateSettingsAtomically.bind(users);
      let started: Promise<T> | undefined;
      jest.spyOn(users, 'updateSettingsAtomically').mockImplementationOnce((id, decide, nowMs) =>
        real(
          id,
          (current) => {
            started = start();
            return decide(current);
          },
          nowMs,
        ),
      );
      return {
        landed: () => {
          if (!started) throw new Error('The write being raced never ran');
          return started;
        },
      };
    }
    afterEach(() => jest.restoreAllMocks());

    const status = (test: request.Test) => test.then((response) => response.status);

    it("a PATCH to null while the link is confirmed wins: alerts never go to the link's address", async () => {
      const athlete = await t.user();
      await redirect(athlete, 'stranger@example.test').expect(200);
      await t.queue.drain();
      const link = linkOf(sink.to('stranger@example.test')[0]);

      const patch = during(() => status(redirect(athlete, null)));
      await http().post(link).expect(200);
      await expect(patch.landed()).resolves.toBe(200);
      expect(await preferences(athlete)).toMatchObject({ urgentAlertsTo: null, urgentAlertsToPending: null });

      await t.queue.drain();
      await urgentAlert(athlete);
      // (Whether the notice of the short-lived confirmation went out depends on when its job ran: not asserted.)
      expect(subjects(athlete.email).filter((subject) => subject !== NOTICE_SUBJECT)).toEqual([
        URGENT_SUBJECT,
      ]);
      expect(subjects('stranger@example.test')).toEqual([CONFIRM_SUBJECT]);
    });

    it('a link confirmed while a PATCH withdraws its address is refused (410)', async () => {
      const athlete = await t.user();
      await redirect(athlete, 'typo@example.test').expect(200);
      await t.queue.drain();
      const link = linkOf(sink.to('typo@example.test')[0]);

      const confirm = during(() => status(http().post(link)));
      await redirect(athlete, null).expect(200);
      await expect(confirm.landed()).resolves.toBe(410);
      expect(await preferences(athlete)).toMatchObject({ urgentAlertsTo: null, urgentAlertsToPending: null });
      await t.queue.drain();
      expect(sink.to(athlete.email)).toHaveLength(0);
    });

    it('an unsubscribe and a confirmation landing together both hold, in either order', async () => {
      for (const first of ['confirm', 'unsubscribe'] as const) {
        const athlete = await t.user();
        await redirect(athlete, 'partner@example.test').expect(200);
        await t.queue.drain();
        const link = linkOf(sink.to('partner@example.test').at(-1) as ParsedMail);
        const token = unsubscribeToken(t.config.mail.secret, athlete.id, 'weekly-digest');
        const unsubscribe = () =>
          status(http().post(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`));

        const second = during(first === 'confirm' ? unsubscribe : () => status(http().post(link)));
        await (first === 'confirm'
          ? http().post(link).expect(200)
          : expect(unsubscribe()).resolves.toBe(200));
        await expect(second.landed()).resolves.toBe(200);
        expect(await preferences(athlete)).toMatchObject({
          weeklyDigest: false,
          urgentAlertsTo: 'partner@example.test',
          urgentAlertsToPending: null,
        });
        jest.restoreAllMocks();
      }
    });

    it('undoing a confirmation whose notice could not be queued keeps what was saved meanwhile', async () => {
      const athlete = await t.user();
      await redirect(athlete, 'partner@example.test').expect(200);
      await t.queue.drain();
      const link = linkOf(sink.to('partner@example.test')[0]);

      const enqueue = t.queue.enqueue.bind(t.queue);
      jest.spyOn(t.queue, 'enqueue').mockImplementation(async (name, payload, options) => {
        if (name !== 'send-redirect-notice') return enqueue(name, payload, options);
        // Between the confirmation's write and its undo, the athlete switches the digest off.
        await http()
          .patch('/api/me')
          .set(t.as(athlete.id))
          .send({ emailPreferences: { weeklyDigest: false } })
          .expect(200);
        throw new Error('Redis is not connected');
      });
      await http().post(link).expect(503);
      jest.restoreAllMocks();
      expect(await preferences(athlete)).toMatchObject({
        weeklyDigest: false,
        urgentAlertsTo: null,
        urgentAlertsToPending: 'partner@example.test',
      });

      // The same link works again once the notice can be queued.
      await http().post(link).expect(200);
      await t.queue.drain();
      expect(subjects(athlete.email)).toEqual([NOTICE_SUBJECT]);
      expect(await preferences(athlete)).toMatchObject({
        weeklyDigest: false,
        urgentAlertsTo: 'partner@example.test',
      });
    });
  });
});
