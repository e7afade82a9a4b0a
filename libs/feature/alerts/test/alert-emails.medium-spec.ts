import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  AuditLogEntity,
  CoachLinkEntity,
  EmailDeliveriesRepository,
  EmailDeliveryEntity,
  FindingEntity,
  ProviderConnectionEntity,
  type UserEntity,
} from '@loadwatch/data-access/db';
import type { JobQueueAdmin } from '@loadwatch/data-access/queue';
import { ProviderActivitiesService } from '@loadwatch/feature/ingestion';
import { runActivity } from '@loadwatch/testing';
import { addDays, alertKey, ALERT_RECENCY_DAYS, DigestJobs, EmailSender } from '../src';
import { finding } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';
import { SmtpSink } from './support/smtp-sink';

jest.setTimeout(90_000);

const BACK_PAIN = {
  region: 'low_back',
  side: 'central',
  severity: 5,
  when: 'after_run',
  aggravators: [],
  neurological: [],
  systemic: [],
  can_walk_normally: true,
};

describe('alert emails: only about recent findings, the ledger under contention', () => {
  let sink: SmtpSink;
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const today = () => new Date(t.clock.now()).toISOString().slice(0, 10);
  const ledgerOf = (athleteId: string) =>
    t.dataSource.getRepository(EmailDeliveryEntity).findBy({ athleteId });
  const notify = async (f: FindingEntity) => {
    await t.dataSource.getRepository(FindingEntity).save(f);
    await t.queue.enqueue('notify-finding', {
      findingId: f.id,
      severity: f.severity as 'urgent' | 'warning',
    });
    await t.queue.drain();
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp('postgres', sink.url);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });
  beforeEach(() => {
    sink.messages.length = 0;
    t.clock.nowMs = Date.now();
  });

  /** A Garmin connection of the athlete made at `connectedAtMs`: its backfill brings the runs before it. */
  const connectGarmin = (athlete: UserEntity, connectedAtMs: number) =>
    t.dataSource.getRepository(ProviderConnectionEntity).insert({
      id: randomUUID(),
      athleteId: athlete.id,
      provider: 'garmin',
      status: 'active',
      externalAthleteId: `garmin-${athlete.id}`,
      scopes: [],
      accessTokenEnc: null,
      refreshTokenEnc: null,
      tokenExpiresAtMs: null,
      connectedAtMs,
      updatedAtMs: connectedAtMs,
      lastSyncAtMs: null,
      backfillRunId: randomUUID(),
    });
  const importGarminRuns = async (athlete: UserEntity, runs: [date: string, distanceM: number][]) => {
    const providers = t.app.get(ProviderActivitiesService);
    for (const [date, distanceM] of runs) {
      const externalId = `${athlete.id}-${date}`;
      await providers.importProviderActivity({
        athleteId: athlete.id,
        provider: 'garmin',
        externalId,
        activity: runActivity('garmin', externalId, Date.parse(`${date}T07:00:00Z`), distanceM),
      });
    }
    await t.queue.drain();
  };

  /** Three 8 km runs then a 20 km spike `spikeDay` days from today, back pain 5 the day after (R10). */
  const history = async (athlete: UserEntity, spikeDay: number) => {
    const at = (offset: number) => Date.parse(`${addDays(today(), offset)}T07:00:00Z`);
    // As after connecting a provider: the log is there first, then the runs arrive in one go (a backfill).
    await http()
      .post('/api/symptoms')
      .set(t.as(athlete.id))
      .send({ date: addDays(today(), spikeDay + 1), ...BACK_PAIN })
      .expect(201);
    await t.queue.drain();
    const providers = t.app.get(ProviderActivitiesService);
    for (const [offset, distanceM] of [
      [spikeDay - 22, 8000],
      [spikeDay - 17, 8000],
      [spikeDay - 12, 8000],
      [spikeDay, 20_000],
    ]) {
      const externalId = `${athlete.id}-${offset}`;
      await providers.importProviderActivity({
        athleteId: athlete.id,
        provider: 'garmin',
        externalId,
        activity: runActivity('garmin', externalId, at(offset), distanceM),
      });
    }
    await t.queue.drain();
  };

  it(`emails no warning a backfill raised about runs more than ${ALERT_RECENCY_DAYS} days old, and still a recent one`, async () => {
    const coach = await t.user({ role: 'coach' });
    const backfilled = await t.user();
    const fresh = await t.user();
    await t.link(coach.id, backfilled.id, true);
    await t.link(coach.id, fresh.id, true);
    // Both connected Garmin just now: every run below is its history, imported by the backfill.
    await connectGarmin(backfilled, t.clock.now());
    await connectGarmin(fresh, t.clock.now());

    await history(backfilled, -90);
    const [old] = await t.dataSource
      .getRepository(FindingEntity)
      .findBy({ athleteId: backfilled.id, rule: 'R10' });
    expect(old).toMatchObject({ status: 'open', severity: 'warning', date: addDays(today(), -89) });
    expect(sink.messages).toHaveLength(0);
    const withheld = await ledgerOf(backfilled.id);
    expect(withheld.map((row) => [row.recipientId, row.status]).sort()).toEqual(
      [
        [backfilled.id, 'suppressed'],
        [coach.id, 'suppressed'],
      ].sort(),
    );
    expect(withheld[0].reason).toBe(
      `the finding rests only on runs imported from a provider's history, the latest of ${old.date}, ` +
        `more than ${ALERT_RECENCY_DAYS} days ago`,
    );

    await history(fresh, -3);
    expect(sink.to(fresh.email)).toHaveLength(1);
    expect(sink.to(coach.email)).toHaveLength(1);
    expect(sink.to(fresh.email)[0].text).toContain('R10');
  });

  it('emails an R22 warning of last week that arrives on the Tuesday after, unless a backfill brought it', async () => {
    // Tuesday 2026-10-27; the spike (Monday 2026-10-19) is 8 days old. The weekly uploader's runs arrive
    // live (connected long before); the other athlete's identical runs come from a backfill of today.
    t.clock.nowMs = Date.parse('2026-10-27T12:00:00Z');
    const weekly = await t.user();
    const backfilled = await t.user();
    await connectGarmin(weekly, Date.parse('2026-09-01T00:00:00Z'));
    await connectGarmin(backfilled, t.clock.now());
    for (const athlete of [weekly, backfilled]) {
      await http()
        .post('/api/symptoms')
        .set(t.as(athlete.id))
        .send({ date: '2026-10-15', ...BACK_PAIN })
        .expect(201);
      await t.queue.drain();
      await importGarminRuns(athlete, [
        ['2026-10-05', 8000],
        ['2026-10-09', 8000],
        ['2026-10-13', 8000],
        ['2026-10-19', 20_000],
      ]);
    }
    const r22 = (athlete: UserEntity) =>
      t.dataSource.getRepository(FindingEntity).findOneBy({ athleteId: athlete.id, rule: 'R22' });
    await expect(r22(weekly)).resolves.toMatchObject({
      severity: 'warning',
      status: 'open',
      anchorDate: '2026-10-19',
      date: '2026-10-19',
    });
    await expect(r22(backfilled)).resolves.toMatchObject({ severity: 'warning', date: '2026-10-19' });

    const [mail, ...more] = sink.to(weekly.email);
    expect(more).toHaveLength(0);
    expect(mail.text).toContain('R22');
    expect(sink.to(backfilled.email)).toHaveLength(0);
    const [withheld] = await ledgerOf(backfilled.id);
    expect(withheld).toMatchObject({ recipientId: backfilled.id, status: 'suppressed' });
    expect(withheld.reason).toContain("rests only on runs imported from a provider's history");
  });

  it('leaves a row another worker holds a live claim on to that worker, whose markSent then counts', async () => {
    const athlete = await t.user();
    const ledger = t.app.get(EmailDeliveriesRepository);
    const entry = {
      naturalKey: `alert:${randomUUID()}:warning:${athlete.id}`,
      kind: 'warning-alert',
      recipientId: athlete.id,
      athleteId: athlete.id,
      capKey: null,
    };
    await expect(ledger.claim(entry, t.clock.now(), 60_000)).resolves.toMatchObject({ kind: 'claimed' });
    const outcome = await t.app.get(EmailSender).deliver(entry, async () => ({ skip: 'unsubscribed' }));
    expect(outcome).toBe('in-progress');
    await ledger.markSent(entry.naturalKey, '<m@loadwatch.test>', t.clock.now());
    await expect(ledger.findByKey(entry.naturalKey)).resolves.toMatchObject({ status: 'sent' });

    // A claim whose lease ran out (its worker died) is suppressed as before.
    const stale = { ...entry, naturalKey: `alert:${randomUUID()}:warning:${athlete.id}` };
    await ledger.claim(stale, t.clock.now() - 120_000, 60_000);
    await expect(t.app.get(EmailSender).deliver(stale, async () => ({ skip: 'unsubscribed' }))).resolves.toBe(
      'suppressed: unsubscribed',
    );
    await expect(ledger.findByKey(stale.naturalKey)).resolves.toMatchObject({ status: 'suppressed' });
  });

  it("gives back the day's warning allowance when the SMTP server refuses the message for good", async () => {
    const athlete = await t.user();
    sink.refused.add(athlete.email);
    const refused = finding(athlete.id, 'R10', 'warning', today());
    await notify(refused);
    sink.refused.delete(athlete.email);
    await expect(ledgerOf(athlete.id)).resolves.toEqual([
      expect.objectContaining({ status: 'refused', capKey: null, reason: expect.stringContaining('550') }),
    ]);
    // The job failed for good (no retries against a refusal), with the reason kept for an admin.
    const failed = await (t.queue as unknown as JobQueueAdmin).failed(100, 0);
    expect(failed.find((job) => job.payload['findingId'] === refused.id)?.reason).toContain('550');

    await notify(finding(athlete.id, 'R22', 'warning', today()));
    expect(sink.to(athlete.email).map((m) => m.text?.match(/Rule (R\d+)/)?.[1])).toEqual(['R22']);
  });

  it('caps only the warnings a load jump raises: R17 (the risk profile) is not load-related', async () => {
    const athlete = await t.user();
    await notify(finding(athlete.id, 'R10', 'warning', today()));
    await notify(finding(athlete.id, 'R17', 'warning', today()));
    await notify(finding(athlete.id, 'R21', 'warning', today()));
    expect(sink.to(athlete.email).map((m) => m.text?.match(/Rule (R\d+)/)?.[1])).toEqual(['R10', 'R17']);
  });

  it('puts a send whose key another worker holds back until the lease ends, without holding up other jobs', async () => {
    const athlete = await t.user();
    const other = await t.user();
    const held = finding(athlete.id, 'R12', 'urgent', today());
    await t.dataSource.getRepository(FindingEntity).save(held);
    // Another worker claimed this email 3 s ago... and holds it for 3 s more.
    await t.app.get(EmailDeliveriesRepository).claim(
      {
        naturalKey: alertKey(held.id, 'urgent', athlete.id),
        kind: 'urgent-alert',
        recipientId: athlete.id,
        athleteId: athlete.id,
        capKey: null,
      },
      t.clock.now(),
      3000,
    );
    await t.queue.enqueue('send-alert', { findingId: held.id, severity: 'urgent', recipientId: athlete.id });
    const next = finding(other.id, 'R12', 'urgent', today());
    await t.dataSource.getRepository(FindingEntity).save(next);
    await t.queue.enqueue('send-alert', { findingId: next.id, severity: 'urgent', recipientId: other.id });
    // The other email went out while the held one waits (its lease is on the frozen clock: it cannot go yet).
    await sink.waitFor(1);
    expect(sink.to(other.email)).toHaveLength(1);
    expect(sink.to(athlete.email)).toHaveLength(0);

    // The lease runs out (that worker died): the email goes out once, from the job put back.
    t.clock.nowMs += 10_000;
    await t.queue.drain();
    expect(sink.to(athlete.email)).toHaveLength(1);
  });

  it('audits a coach email once it is claimed for sending: not when capped, not for a digest preview', async () => {
    const athlete = await t.user({ displayName: 'Ola' });
    const coach = await t.user({ role: 'coach' });
    await t.link(coach.id, athlete.id, true);
    const audits = (action: string) =>
      t.dataSource
        .getRepository(AuditLogEntity)
        .countBy({ actorId: coach.id, athleteId: athlete.id, action });

    await notify(finding(athlete.id, 'R10', 'warning', today()));
    await notify(finding(athlete.id, 'R22', 'warning', today()));
    expect(sink.to(coach.email)).toHaveLength(1);
    await expect(audits('email:warning-alert')).resolves.toBe(1);

    const preview = await t.app.get(DigestJobs).compose('coach-digest', coach.id, addDays(today(), -7));
    expect('mail' in preview).toBe(true);
    await expect(audits('email:coach-digest')).resolves.toBe(0);
  });

  it('answers 400, not 500, to an unsubscribe link with the token twice', async () => {
    for (const method of ['get', 'post'] as const) {
      const response = await http()[method]('/api/email/unsubscribe?token=a.b&token=c.d');
      expect(response.status).toBe(400);
      expect(response.text).toContain('unsubscribe link is invalid');
    }
  });
});

describe.each(['postgres', 'sqlite'] as const)('invitation emails are throttled on %s', (driver) => {
  let sink: SmtpSink;
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const invite = (coach: UserEntity, email: string) =>
    http().post('/api/coach/invitations').set(t.as(coach.id, 'coach')).send({ email });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp(driver, sink.url);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it("keeps the coach's free text out of the subject, and escaped in the body", async () => {
    const coach = await t.user({ role: 'coach', displayName: 'Win <b>a prize</b> at http://spam.test' });
    await invite(coach, 'subject@example.test').expect(201);
    await t.queue.drain();
    const [mail] = sink.to('subject@example.test');
    expect(mail.subject).toBe('Loadwatch: an invitation to share your training load');
    expect(mail.html).toContain('Win &lt;b&gt;a prize&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>a prize');
  });

  it('refuses a coach the 21st invitation of an hour with 429 and a message', async () => {
    const coach = await t.user({ role: 'coach' });
    for (let i = 0; i < 20; i++) await invite(coach, `hourly-${i}-${driver}@example.test`).expect(201);
    const refused = await invite(coach, `hourly-20-${driver}@example.test`).expect(429);
    expect(refused.body.message).toMatch(/^Too many invitations: at most 20 an hour; try again in \d+ min$/);
    await t.queue.drain();
    expect(sink.to(`hourly-20-${driver}@example.test`)).toHaveLength(0);
  });

  it('refuses a 4th invitation of one address in a day, whichever coaches send them', async () => {
    const [first, second] = [await t.user({ role: 'coach' }), await t.user({ role: 'coach' })];
    await invite(first, 'target@example.test').expect(201);
    await invite(first, 'TARGET@example.test').expect(201);
    await invite(second, 'target@example.test').expect(201);
    const refused = await invite(second, 'target@example.test').expect(429);
    // The same words whoever sent the earlier invitations: nothing about other coaches, counts or times.
    expect(refused.body.message).toBe('This invitation cannot be sent now; try again later');
  });

  it('caps a coach at 100 open invitations; sending an open one again still works', async () => {
    const coach = await t.user({ role: 'coach' });
    const now = Date.now();
    await t.dataSource.getRepository(CoachLinkEntity).insert(
      Array.from({ length: 100 }, (_, i) => ({
        id: randomUUID(),
        coachId: coach.id,
        athleteId: null,
        inviteEmail: `open-${i}@example.test`,
        inviteTokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        status: 'invited' as const,
        healthAccess: false,
        createdAtMs: now,
        acceptedAtMs: null,
        revokedAtMs: null,
      })),
    );
    const refused = await invite(coach, 'one-more@example.test').expect(429);
    expect(refused.body.message).toContain('You have 100 open invitations');
    await invite(coach, 'open-7@example.test').expect(201);
  });
});
