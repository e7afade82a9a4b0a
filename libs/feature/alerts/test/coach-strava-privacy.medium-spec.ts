import request from 'supertest';
import { EmailDeliveryEntity, FindingEntity, type UserEntity } from '@loadwatch/data-access/db';
import { ProviderActivitiesService } from '@loadwatch/feature/ingestion';
import type { FindingsResponse, RosterResponse } from '@loadwatch/shared/contracts';
import { runActivity } from '@loadwatch/testing';
import { DigestJobs } from '../src';
import { createTestApp, type TestApp } from './support/test-app';
import { SmtpSink } from './support/smtp-sink';

jest.setTimeout(90_000);

const DAY_MS = 86_400_000;

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

/**
 * rules.md section 7: runs that came only from Strava are the athlete's alone, and so is every finding built
 * on them, health findings included, on each surface where a coach sees findings: the findings route, the
 * roster, the coach digest and the coach's alert emails. Two athletes share one coach with the health-data
 * grant: Sam's spike run (and so his R10 warning) came only from Strava; Gia's identical one from Garmin.
 */
describe.each(['postgres', 'sqlite'] as const)('coach surfaces without Strava-only runs on %s', (driver) => {
  let sink: SmtpSink;
  let t: TestApp;
  let coach: UserEntity;
  let sam: UserEntity;
  let gia: UserEntity;
  const http = () => request(t.app.getHttpServer());
  const dayOf = (offset: number) => new Date(t.clock.now() + offset * DAY_MS).toISOString().slice(0, 10);

  /** Three 8 km runs (a spike needs 3 runs in 30 days), a 20 km spike (R02) three days ago from `spikeSource`, back pain 5 the day after (R10). */
  const train = async (athlete: UserEntity, spikeSource: 'strava' | 'garmin') => {
    const providers = t.app.get(ProviderActivitiesService);
    const at = (offset: number) => Date.parse(`${dayOf(offset)}T07:00:00Z`);
    const runs = [
      ['garmin', `${athlete.id}-g1`, at(-25), 8000],
      ['garmin', `${athlete.id}-g2`, at(-20), 8000],
      ['garmin', `${athlete.id}-g3`, at(-15), 8000],
      [spikeSource, `${athlete.id}-spike`, at(-3), 20_000],
    ] as const;
    for (const [provider, externalId, startMs, distanceM] of runs) {
      await providers.importProviderActivity({
        athleteId: athlete.id,
        provider,
        externalId,
        activity: runActivity(provider, externalId, startMs, distanceM),
      });
    }
    await t.queue.drain();
    await http()
      .post('/api/symptoms')
      .set(t.as(athlete.id))
      .send({ date: dayOf(-2), ...BACK_PAIN })
      .expect(201);
    await t.queue.drain();
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp(driver, sink.url);
    coach = await t.user({ role: 'coach', displayName: 'Coach' });
    sam = await t.user({ displayName: 'Sam' });
    gia = await t.user({ displayName: 'Gia' });
    await t.link(coach.id, sam.id, true);
    await t.link(coach.id, gia.id, true);
    await train(sam, 'strava');
    await train(gia, 'garmin');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  const rulesOf = (body: FindingsResponse) => body.findings.map((f) => f.rule);

  it('the athlete has the R10 warning on the spike and is emailed about it', async () => {
    for (const athlete of [sam, gia]) {
      const own = await http().get('/api/findings').set(t.as(athlete.id)).expect(200);
      expect(rulesOf(own.body)).toEqual(expect.arrayContaining(['R10', 'R02']));
      const mirror = await http()
        .get(`/api/athletes/${athlete.id}/findings`)
        .set(t.as(athlete.id))
        .expect(200);
      expect(rulesOf(mirror.body)).toEqual(expect.arrayContaining(['R10', 'R02']));
      expect(sink.to(athlete.email).map((m) => m.text?.match(/Rule (R\d+)/)?.[1])).toEqual(['R10']);
    }
    const [r10] = await t.dataSource.getRepository(FindingEntity).findBy({ athleteId: sam.id, rule: 'R10' });
    expect(r10.severity).toBe('warning');
    expect(r10.evidence.activityIds).toHaveLength(1);
  });

  it('the findings route withholds from the granted coach every finding on the Strava-only spike', async () => {
    const seen = await http()
      .get(`/api/athletes/${sam.id}/findings`)
      .set(t.as(coach.id, 'coach'))
      .expect(200);
    expect(rulesOf(seen.body)).not.toContain('R10');
    expect(rulesOf(seen.body)).not.toContain('R02');
    const control = await http()
      .get(`/api/athletes/${gia.id}/findings`)
      .set(t.as(coach.id, 'coach'))
      .expect(200);
    expect(rulesOf(control.body)).toEqual(expect.arrayContaining(['R10', 'R02']));
  });

  it('the roster counts none of them', async () => {
    const roster = await http().get('/api/coach/athletes').set(t.as(coach.id, 'coach')).expect(200);
    const rows = (roster.body as RosterResponse).athletes;
    const row = (name: string) => rows.find((r) => r.displayName === name);
    expect(row('Gia')).toMatchObject({ highestOpenSeverity: 'warning' });
    expect(row('Sam')?.highestOpenSeverity).not.toBe('warning');
    expect(row('Sam')?.openFindings).toBeLessThan(row('Gia')?.openFindings as number);
  });

  it('the coach digest leaves them out', async () => {
    const composed = await t.app.get(DigestJobs).compose('coach-digest', coach.id, dayOf(-7));
    if (!('mail' in composed)) throw new Error(`no digest: ${composed.skip}`);
    const lines = (composed.mail.text as string).split('\n');
    expect(lines.find((line) => line.startsWith('Gia'))).toContain('R10 warning');
    const samLine = lines.find((line) => line.startsWith('Sam')) as string;
    expect(samLine).toBeDefined();
    expect(samLine).not.toContain('R10');
    expect(samLine).not.toContain('R02');
  });

  it('the coach is emailed about the Garmin spike only; the other email is recorded as withheld', async () => {
    const mails = sink.to(coach.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('Gia');
    expect(mails[0].text).toContain('R10');
    const [withheld] = await t.dataSource
      .getRepository(EmailDeliveryEntity)
      .findBy({ athleteId: sam.id, recipientId: coach.id });
    expect(withheld).toMatchObject({
      status: 'suppressed',
      reason: 'the finding rests on runs that came only from Strava',
    });
  });
});
