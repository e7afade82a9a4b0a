import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { EmailDeliveryEntity, FindingEntity, UserEntity } from '@loadwatch/data-access/db';
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
    await t.queue.drain();

    expect(subjects('partner@example.test')).toEqual([CONFIRM_SUBJECT]);
    const [confirmation] = sink.to('partner@example.test');
    expect(confirmation.text).toContain(`Ada (${athlete.email}) asked Loadwatch`);
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

  it('never uses an address saved before confirmations existed; it can be confirmed', async () => {
    const athlete = await t.user({ emailPreferences: { urgentAlertsTo: 'old@example.test' } });
    expect(await preferences(athlete)).toMatchObject({
      urgentAlertsTo: null,
      urgentAlertsToPending: 'old@example.test',
      urgentAlertsToPendingSince: null,
    });
    await urgentAlert(athlete);
    expect(subjects(athlete.email)).toEqual([URGENT_SUBJECT]);
    expect(sink.to('old@example.test')).toHaveLength(0);

    await http().post('/api/me/urgent-alerts-to/resend').set(t.as(athlete.id)).expect(202);
    await t.queue.drain();
    await http()
      .post(linkOf(sink.to('old@example.test')[0]))
      .expect(200);
    await t.queue.drain();
    expect((await preferences(athlete)).urgentAlertsTo).toBe('old@example.test');
    expect(subjects(athlete.email)).toEqual([URGENT_SUBJECT, NOTICE_SUBJECT]);
  });
});
