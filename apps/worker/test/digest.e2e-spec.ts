import { DateTime } from 'luxon';
import { DataSource, In } from 'typeorm';
import { EmailDeliveryEntity, UserEntity, WeeklyMetricEntity } from '@loadwatch/data-access/db';
import { lastCompleteWeek } from '@loadwatch/feature/alerts';
// The alerts feature's SMTP stand-in: a real SMTP server on 127.0.0.1, parsed with mailparser.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { SmtpSink } from '../../../libs/feature/alerts/test/support/smtp-sink';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { linkCoach } from '../../api/test/support/test-app';
import { startStack, type Stack } from './support/stack';
import { registerUser, type TestUser } from './support/training';

jest.setTimeout(120_000);

/** The fixed-offset zone UTC+offset hours (Etc/GMT-N is UTC+N). */
function fixedZone(offset: number): string {
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/**
 * A zone where it is about noon now, so its whole local day is "now" for the test: 12 - the UTC hour, within
 * the -12..+14 hours zones have; and a zone where it is another local day for at least the next hour (01:xx
 * the day after, or 22:xx the day before), so that digests due on the noon zone's weekday are not due there.
 */
function testZones(nowMs: number): { due: string; notYet: string } {
  const offset = 12 - new Date(nowMs).getUTCHours();
  return { due: fixedZone(offset), notYet: fixedZone(offset <= 1 ? offset + 13 : offset - 14) };
}

/**
 * The weekly digest fan-out across three worker processes on one Redis and one PostgreSQL database. There is
 * no fake clock across processes, and Monday 07:00 is not "now" anywhere on most days, so the workers are told
 * (DIGEST_WEEKDAY, DIGEST_HOUR) that digests are due on the weekday of a zone where it is about noon, from
 * 00:00: the fan-out is the production one. The recipients start in a zone where it is another day, so
 * nothing is due while the workers start (one worker up before the others would otherwise take every job);
 * once all three are up, the recipients move to the noon zone and the workers' next ticks (every second) race
 * for the same fan-out. Pages of 4 accounts (DIGEST_PAGE_SIZE) make 14 accounts four page jobs; one job at a
 * time per worker and a slow SMTP server make the workers share the sends (likely, not asserted: which worker
 * takes a job is the scheduler's business). Every digest goes out once, and a fourth worker started afterwards
 * sends nothing more.
 */
describe('weekly digests with three worker processes on the same Redis', () => {
  let stack: Stack;
  let sink: SmtpSink;
  let athletes: TestUser[];
  let inactive: TestUser;
  let coach: TestUser;
  let env: Record<string, string>;
  const ATHLETES = 12;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await startStack({ workers: 0 });
    const nowMs = Date.now();
    const zones = testZones(nowMs);
    const zone = zones.due;
    const local = DateTime.fromMillis(nowMs, { zone }).setLocale('en');
    sink.acceptDelayMs = 150;
    env = {
      SMTP_URL: sink.url,
      QUEUE_CONCURRENCY_NOTIFY: '1',
      DIGEST_TICK_INTERVAL_MS: '1000',
      DIGEST_WEEKDAY: local.toFormat('cccc').toLowerCase(),
      DIGEST_HOUR: '0',
      DIGEST_PAGE_SIZE: '4',
    };
    coach = await registerUser(stack.server, 'coach', 'Coach Cleo');
    athletes = await Promise.all(
      Array.from({ length: ATHLETES }, (_, i) => registerUser(stack.server, 'athlete', `Runner ${i}`)),
    );
    inactive = await registerUser(stack.server, 'athlete', 'Resting Rita');
    for (const athlete of athletes.slice(0, 3)) await linkCoach(stack.server, coach, athlete, true);
    const dataSource = stack.app.get(DataSource);
    const users = dataSource.getRepository(UserEntity);
    for (const user of [coach, inactive, ...athletes])
      await users.update({ id: user.id }, { timeZone: zones.notYet });
    const week = lastCompleteWeek(nowMs, zone, 'monday');
    await dataSource.getRepository(WeeklyMetricEntity).insert(
      athletes.map((athlete, i) => ({
        athleteId: athlete.id,
        weekStart: week,
        runs: 3,
        distanceM: 20_000 + 1000 * i,
        ramp: 0.1,
        ramp4: 0.05,
        speedShare: 0.1,
        coverage: 1,
        speedMethod: 'threshold-pace',
        complete: true,
        metrics: { weekStart: week, longestM: 10_000 } as WeeklyMetricEntity['metrics'],
        computedAtMs: nowMs,
      })),
    );
    await Promise.all([0, 1, 2].map(() => stack.addWorker(env)));
    // All three are up and ticking: now the digests fall due for everyone at once.
    await users.update({ id: In([coach, inactive, ...athletes].map((user) => user.id)) }, { timeZone: zone });
  });
  afterAll(async () => {
    await stack?.close();
    await sink?.stop();
  });

  it('sends each digest once, the pages shared by the workers, and no more from a fourth worker', async () => {
    // Twelve active athletes and the coach; the athlete with no run and no finding gets none.
    await sink.waitFor(ATHLETES + 1, 60_000);
    for (const athlete of athletes) expect(sink.to(athlete.email)).toHaveLength(1);
    expect(sink.to(coach.email)).toHaveLength(1);
    expect(sink.to(coach.email)[0].subject).toBe("Loadwatch: your athletes' week");
    expect(sink.to(inactive.email)).toHaveLength(0);

    const pageLines = stack.workers.flatMap((worker) => worker.messages(/^Digest page of slot/));
    expect(pageLines.length).toBeGreaterThanOrEqual(3);

    const fourth = await stack.addWorker(env);
    await fourth.waitForLog(/Reconciled alerts|Workers started/);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(sink.messages).toHaveLength(ATHLETES + 1);
    const ledger = await stack.app.get(DataSource).getRepository(EmailDeliveryEntity).find();
    expect(ledger.filter((row) => row.status === 'sent')).toHaveLength(ATHLETES + 1);
    expect(ledger.filter((row) => row.status === 'suppressed').map((row) => row.recipientId)).toEqual([
      inactive.id,
    ]);
  });
});
