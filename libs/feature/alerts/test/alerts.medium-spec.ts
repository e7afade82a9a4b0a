import request from 'supertest';
import {
  DigestRepository,
  EmailDeliveryEntity,
  FindingEntity,
  WeeklyMetricEntity,
  type UserEntity,
} from '@loadwatch/data-access/db';
import { ProviderActivitiesService } from '@loadwatch/feature/ingestion';
import { runActivity } from '@loadwatch/testing';
import { DigestJobs } from '../src';
import { finding, week } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';
import { rawHeader, SmtpSink } from './support/smtp-sink';

jest.setTimeout(60_000);

const FRAMING = 'It cannot diagnose, predict your own risk, or replace a health professional.';

const RED_FLAG_LOG = {
  region: 'low_back',
  side: 'central',
  severity: 3,
  when: 'during_run',
  aggravators: [],
  neurological: ['saddle_numbness'],
  systemic: [],
  can_walk_normally: true,
};

describe('alerts: urgent and warning emails over real SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp('postgres', sink.url);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });
  beforeEach(() => (sink.messages.length = 0));

  const notify = async (f: FindingEntity) => {
    await t.dataSource.getRepository(FindingEntity).save(f);
    await t.queue.enqueue('notify-finding', {
      findingId: f.id,
      severity: f.severity as 'urgent' | 'warning',
    });
    await t.queue.drain();
  };

  it('emails an urgent finding from a symptom POST to the athlete and each granted coach, once', async () => {
    const athlete = await t.user({ displayName: 'Ada', timeZone: 'Europe/London' });
    const granted = await t.user({ role: 'coach' });
    const notGranted = await t.user({ role: 'coach' });
    await t.link(granted.id, athlete.id, true);
    await t.link(notGranted.id, athlete.id, false);

    // The app's clock is frozen at its creation: its today, so a run across midnight UTC still matches.
    const today = new Date(t.clock.now()).toISOString().slice(0, 10);
    await http()
      .post('/api/symptoms')
      .set(t.as(athlete.id))
      .send({ date: today, ...RED_FLAG_LOG })
      .expect(201);
    // At once: the symptom POST's own evaluate-rules job sends them (no tick, no batching).
    await sink.waitFor(2);
    await t.queue.drain();

    expect(sink.messages).toHaveLength(2);
    expect(sink.to(athlete.email)).toHaveLength(1);
    expect(sink.to(granted.email)).toHaveLength(1);
    expect(sink.to(notGranted.email)).toHaveLength(0);
    for (const mail of sink.messages) {
      expect(mail.subject).toBe('Loadwatch: an urgent alert needs your attention');
      expect(mail.subject).not.toMatch(/numb|saddle|R12|pain/i);
      expect(mail.text).toContain(FRAMING);
      expect(mail.html).toContain('seek emergency care now');
      expect(mail.text).toContain('R12');
      // Urgent alerts cannot be switched off: no unsubscribe header.
      expect(rawHeader(mail, 'List-Unsubscribe')).toBeUndefined();
    }
    expect(sink.to(granted.email)[0].text).toContain('Ada');

    // Evaluating again (another log, a retry) never emails the same finding twice.
    await t.queue.enqueue('evaluate-rules', { athleteId: athlete.id });
    await t.queue.drain();
    expect(sink.messages).toHaveLength(2);
  });

  it('caps load-related warnings at one email a day, never R11-R15, and redirects urgent alerts', async () => {
    const athlete = await t.user({
      emailPreferences: {
        urgentAlertsTo: 'elsewhere@example.test',
        urgentAlertsToConfirmedAt: new Date().toISOString(),
      },
    });
    const day = new Date(t.clock.now()).toISOString().slice(0, 10);
    await notify(finding(athlete.id, 'R10', 'warning', day));
    await notify(finding(athlete.id, 'R22', 'warning', day));
    await notify(finding(athlete.id, 'R15', 'warning', day));
    await notify(finding(athlete.id, 'R12', 'urgent', day));
    expect(sink.to(athlete.email).map((m) => m.subject)).toEqual([
      'Loadwatch: a new warning on your dashboard',
      'Loadwatch: a new warning on your dashboard',
    ]);
    expect(sink.to(athlete.email).map((m) => m.text?.match(/Rule (R\d+)/)?.[1])).toEqual(['R10', 'R15']);
    expect(sink.to('elsewhere@example.test')).toHaveLength(1);
    const capped = await t.dataSource.getRepository(EmailDeliveryEntity).findBy({ athleteId: athlete.id });
    expect(capped.map((row) => row.status).sort()).toEqual(['sent', 'sent', 'sent', 'suppressed']);

    // The next day (in the athlete's zone) allows another one.
    t.clock.nowMs += 24 * 3600 * 1000;
    await notify(finding(athlete.id, 'R17', 'warning', day));
    t.clock.nowMs = Date.now();
    expect(sink.to(athlete.email)).toHaveLength(3);
  });

  it('honours a one-click unsubscribe; a GET only asks; urgent alerts cannot be unsubscribed', async () => {
    const athlete = await t.user();
    const day = new Date(t.clock.now()).toISOString().slice(0, 10);
    await notify(finding(athlete.id, 'R11', 'warning', day));
    const [mail] = sink.to(athlete.email);
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const header = rawHeader(mail, 'List-Unsubscribe') as string;
    expect(header).toMatch(/^<http:\/\/app\.loadwatch\.test\/api\/email\/unsubscribe\?token=[^>]+>$/);
    const url = new URL(header.slice(1, -1));
    expect(url.pathname).toBe('/api/email/unsubscribe');
    const path = `${url.pathname}${url.search}`;

    const page = await http().get(path).expect(200);
    expect(page.text).toContain('<form method="post"');
    const me = async () => (await http().get('/api/me').set(t.as(athlete.id)).expect(200)).body;
    expect((await me()).emailPreferences).toEqual({
      warningAlerts: true,
      weeklyDigest: true,
      coachDigest: true,
      urgentAlertsTo: null,
      urgentAlertsToPending: null,
      urgentAlertsToPendingSince: null,
    });
    await http().post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await http().post(path).expect(200);
    expect((await me()).emailPreferences.warningAlerts).toBe(false);

    await notify(finding(athlete.id, 'R13', 'warning', day));
    expect(sink.to(athlete.email)).toHaveLength(1);
    await notify(finding(athlete.id, 'R12', 'urgent', day));
    expect(sink.to(athlete.email)).toHaveLength(2);

    const tampered = path.replace(/token=([^&]{4})/, 'token=AAAA');
    await expect(
      http()
        .post(tampered)
        .then((r) => r.status),
    ).resolves.toBe(400);
    await expect(
      http()
        .post('/api/email/unsubscribe')
        .then((r) => r.status),
    ).resolves.toBe(400);
  });

  it('takes email preferences in PATCH /api/me and refuses bad ones with a message', async () => {
    const athlete = await t.user();
    const patched = await http()
      .patch('/api/me')
      .set(t.as(athlete.id))
      .send({ emailPreferences: { weeklyDigest: false, urgentAlertsTo: 'Me@Example.test' } })
      .expect(200);
    // A new address waits for its confirmation (urgent-redirect.medium-spec.ts).
    expect(patched.body.emailPreferences).toEqual({
      warningAlerts: true,
      weeklyDigest: false,
      coachDigest: true,
      urgentAlertsTo: null,
      urgentAlertsToPending: 'me@example.test',
      urgentAlertsToPendingSince: expect.any(String),
      urgentAlertsToLinkSentAt: null,
      urgentAlertsToLinkExpiresAt: expect.any(String),
    });
    const bad = await http()
      .patch('/api/me')
      .set(t.as(athlete.id))
      .send({ emailPreferences: { urgentAlertsTo: 'not an address' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('urgentAlertsTo');
  });

  it("emails a coach's invitation from the queue with the dashboard's invite link, once per token", async () => {
    const coach = await t.user({ role: 'coach', displayName: 'Coach Carla' });
    const invited = await http()
      .post('/api/coach/invitations')
      .set(t.as(coach.id, 'coach'))
      .send({ email: 'invitee@example.test' })
      .expect(201);
    await t.queue.drain();
    const [mail] = sink.to('invitee@example.test');
    expect(sink.to('invitee@example.test')).toHaveLength(1);
    expect(mail.subject).toBe('Loadwatch: an invitation to share your training load');
    expect(mail.text).toContain('Coach Carla invites you');
    expect(mail.text).toContain(`http://app.loadwatch.test/invite/${invited.body.token}`);
    expect(mail.text).toContain(FRAMING);
    expect(rawHeader(mail, 'List-Unsubscribe')).toBeUndefined();
    // Sending it again makes a new token: a new email, and the old token's job (if retried) sends nothing.
    await http()
      .post('/api/coach/invitations')
      .set(t.as(coach.id, 'coach'))
      .send({ email: 'invitee@example.test' })
      .expect(201);
    await t.queue.drain();
    expect(sink.to('invitee@example.test')).toHaveLength(2);
  });

  it('retries while SMTP is down and delivers once when it is back', async () => {
    const athlete = await t.user();
    await sink.stop();
    const f = finding(athlete.id, 'R12', 'urgent', new Date(t.clock.now()).toISOString().slice(0, 10));
    await t.dataSource.getRepository(FindingEntity).save(f);
    await t.queue.enqueue('notify-finding', { findingId: f.id, severity: 'urgent' });
    // The inline driver retries after 250, 500, 1000... ms: wait until an attempt found no server (the
    // ledger row carries the failure's reason once it is released for the retry).
    const ledger = t.dataSource.getRepository(EmailDeliveryEntity);
    for (let tries = 0; ; tries++) {
      const [attempted] = await ledger.findBy({ athleteId: athlete.id });
      if (attempted?.reason) break;
      if (tries > 600) throw new Error('No SMTP attempt within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sink.messages).toHaveLength(0);
    await sink.start();
    await t.queue.drain();
    expect(sink.to(athlete.email)).toHaveLength(1);
    const [row] = await t.dataSource.getRepository(EmailDeliveryEntity).findBy({ athleteId: athlete.id });
    expect(row).toMatchObject({ status: 'sent' });
    expect(row.attempts).toBeGreaterThan(1);
  });
});

describe('alerts: weekly digests at 07:00 local time', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let digests: DigestJobs;
  let berlin: UserEntity;
  let newYork: UserEntity;
  let tokyo: UserEntity;
  let inactive: UserEntity;
  let sundayStart: UserEntity;
  let coach: UserEntity;

  const at = async (iso: string) => {
    t.clock.nowMs = Date.parse(iso);
    await digests.tick(t.clock.nowMs);
    await t.queue.drain();
  };
  const recipients = () => sink.messages.map((m) => m.to && (Array.isArray(m.to) ? m.to[0] : m.to).text);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp('sqlite', sink.url);
    digests = t.app.get(DigestJobs);
    berlin = await t.user({ timeZone: 'Europe/Berlin', displayName: 'Zora' });
    newYork = await t.user({ timeZone: 'America/New_York', displayName: 'Nina', units: 'mi' });
    tokyo = await t.user({ timeZone: 'Asia/Tokyo' });
    inactive = await t.user({ timeZone: 'UTC' });
    sundayStart = await t.user({ timeZone: 'UTC', weekStart: 'sunday' });
    coach = await t.user({ role: 'coach', timeZone: 'UTC' });
    await t.link(coach.id, berlin.id, true);
    await t.link(coach.id, newYork.id, false);
    const weeks = t.dataSource.getRepository(WeeklyMetricEntity);
    for (const athlete of [berlin, newYork, tokyo]) {
      for (let i = 0; i < 8; i++) {
        const start = new Date(Date.parse('2026-02-02') + i * 7 * 86_400_000).toISOString().slice(0, 10);
        await weeks.insert(week(athlete.id, start, 20_000 + i * 2000));
      }
    }
    await weeks.insert(week(sundayStart.id, '2026-03-22', 15_000));
    const findings = t.dataSource.getRepository(FindingEntity);
    await findings.save(finding(newYork.id, 'R10', 'warning', '2026-03-25'));
    await findings.save(finding(newYork.id, 'R03', 'caution', '2026-03-26'));
    await findings.save(finding(berlin.id, 'R01', 'caution', '2026-03-24'));
    await findings.save(finding(berlin.id, 'R22', 'warning', '2026-03-27'));
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('sends each digest at Monday 07:00 in its own zone across the DST change, once', async () => {
    // Monday 2026-03-30: Berlin is on summer time since Sunday (07:00 = 05:00Z, a week earlier 06:00Z);
    // New York since 2026-03-08 (07:00 = 11:00Z); Tokyo has none (07:00 = Sunday 22:00Z).
    await at('2026-03-29T21:45:00Z');
    expect(recipients()).toEqual([]);
    await at('2026-03-29T22:00:00Z');
    expect(recipients()).toEqual([tokyo.email]);
    await at('2026-03-30T04:45:00Z');
    expect(recipients()).toEqual([tokyo.email]);
    await at('2026-03-30T05:00:00Z');
    expect(recipients()).toEqual([tokyo.email, berlin.email]);
    await at('2026-03-30T07:00:00Z');
    expect(recipients().slice(2).sort()).toEqual([coach.email, sundayStart.email].sort());
    await at('2026-03-30T07:05:00Z');
    await at('2026-03-30T10:45:00Z');
    expect(recipients()).toHaveLength(4);
    await at('2026-03-30T11:00:00Z');
    expect(recipients()).toHaveLength(5);
    expect(recipients()[4]).toBe(newYork.email);
    // Tuesday: nothing more, and the inactive athlete (no run in 4 weeks, no open finding) got none.
    await at('2026-03-31T07:00:00Z');
    expect(recipients()).toHaveLength(5);
    expect(recipients()).not.toContain(inactive.email);
  });

  it('says the week, its numbers, its findings and the last 8 weeks as an HTML bar chart', async () => {
    const [mail] = sink.to(newYork.email);
    expect(mail.subject).toBe('Loadwatch: your week of 2026-03-23');
    expect(mail.text).toContain('Your week of 2026-03-23 to 2026-03-29');
    expect(mail.text).toContain('Distance: 21.1 mi in 3 runs');
    expect(mail.text).toContain('(ramp): +12 %');
    expect(mail.text).toContain('speed known for 90 % of the distance');
    expect(mail.text).toContain('Longest run: 10.6 mi');
    expect(mail.text).toMatch(/\[warning\] R10, 2026-03-25/);
    expect(mail.text).toMatch(/\[caution\] R03, 2026-03-26/);
    expect(mail.html).toContain('width="100%"');
    expect(mail.html).not.toMatch(/<script|<img/i);
    expect((mail.html as string).match(/2026-0[23]-\d\d<\/td>/g)).toHaveLength(8);
    expect(mail.text).toContain(FRAMING);
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const [sunday] = sink.to(sundayStart.email);
    expect(sunday.subject).toBe('Loadwatch: your week of 2026-03-22');
  });

  it('gives a coach one digest of all linked athletes, most serious first, within each grant', async () => {
    const [mail] = sink.to(coach.email);
    expect(mail.subject).toBe("Loadwatch: your athletes' week");
    const text = mail.text as string;
    const nina = text.split('\n').find((line) => line.startsWith('Nina')) as string;
    const zora = text.split('\n').find((line) => line.startsWith('Zora')) as string;
    // New York shares no health data: R10 (built on symptoms) is left out, the load finding R03 shown.
    expect(nina).toContain('R03 caution');
    expect(nina).not.toContain('R10');
    // Zora shares health data: her warning R22 shows, and puts her first (before Nina, whose worst is a caution).
    expect(zora).toContain('R22 warning, R01 caution');
    expect(text.indexOf('Zora')).toBeLessThan(text.indexOf('Nina'));
  });
});

describe("alerts: a coach's digest leaves out runs that came only from Strava", () => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp('postgres', sink.url);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('recomputes the week without them and withholds the load findings resting on them (rules.md §7)', async () => {
    const athlete = await t.user({ timeZone: 'UTC', displayName: 'Sam' });
    const coach = await t.user({ role: 'coach', timeZone: 'UTC' });
    await t.link(coach.id, athlete.id, false);
    const providers = t.app.get(ProviderActivitiesService);
    const runs = [
      ['garmin', 'g1', '2026-03-17T07:00:00Z', 8000],
      ['garmin', 'g2', '2026-03-19T07:00:00Z', 9000],
      ['strava', 's1', '2026-03-21T07:00:00Z', 21_000],
    ] as const;
    for (const [provider, externalId, start, distanceM] of runs) {
      await providers.importProviderActivity({
        athleteId: athlete.id,
        provider,
        externalId,
        activity: runActivity(provider, externalId, start, distanceM),
      });
    }
    await t.queue.drain();
    // The athlete's own stored week holds all three runs, and an R01 spike on the Strava run.
    const [stored] = await t.dataSource
      .getRepository(WeeklyMetricEntity)
      .findBy({ athleteId: athlete.id, weekStart: '2026-03-16' });
    expect(stored.distanceM).toBe(38_000);
    await t.dataSource.getRepository(FindingEntity).save(finding(athlete.id, 'R01', 'caution', '2026-03-21'));

    t.clock.nowMs = Date.parse('2026-03-23T08:00:00Z');
    await t.app.get(DigestJobs).handleWeeklyDigest({
      kind: 'coach-digest',
      recipientId: coach.id,
      week: '2026-03-23',
    });

    const [mail] = sink.to(coach.email);
    const sam = (mail.text as string).split('\n').find((line) => line.startsWith('Sam')) as string;
    expect(sam).toContain('17.0 km');
    expect(sam).not.toContain('38.0 km');
    expect(sam).not.toContain('R01');
  });
});

describe('alerts: the digest fan-out in pages', () => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp('postgres', sink.url, { DIGEST_PAGE_SIZE: '2' });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('reads the accounts a page per job, after the last id of the page before, and sends each digest once', async () => {
    const athletes = await Promise.all(Array.from({ length: 5 }, () => t.user({ timeZone: 'UTC' })));
    for (const athlete of athletes) {
      await t.dataSource.getRepository(WeeklyMetricEntity).insert(week(athlete.id, '2026-03-23', 30_000));
    }
    const pages = jest.spyOn(t.app.get(DigestRepository), 'recipientsPage');
    const digests = t.app.get(DigestJobs);
    t.clock.nowMs = Date.parse('2026-03-30T07:00:00Z');
    await digests.tick(t.clock.nowMs);
    await t.queue.drain();

    const ids = athletes.map((a) => a.id).sort();
    expect(pages.mock.calls).toEqual([
      [null, 2],
      [ids[1], 2],
      [ids[3], 2],
    ]);
    await expect(Promise.all(pages.mock.results.map((r) => r.value))).resolves.toEqual([
      [expect.objectContaining({ id: ids[0] }), expect.objectContaining({ id: ids[1] })],
      [expect.objectContaining({ id: ids[2] }), expect.objectContaining({ id: ids[3] })],
      [expect.objectContaining({ id: ids[4] })],
    ]);
    expect(sink.messages).toHaveLength(5);
    for (const athlete of athletes) expect(sink.to(athlete.email)).toHaveLength(1);

    // The next tick of the day pages again and sends nothing twice.
    await digests.tick(t.clock.nowMs + 15 * 60_000);
    await t.queue.drain();
    expect(pages).toHaveBeenCalledTimes(6);
    expect(sink.messages).toHaveLength(5);
    pages.mockRestore();
  });
});
