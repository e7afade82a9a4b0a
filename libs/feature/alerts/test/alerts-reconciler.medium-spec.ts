import { EmailDeliveryEntity, FindingEntity, type UserEntity } from '@loadwatch/data-access/db';
import { DRIVERS } from '@loadwatch/testing';
import { AlertsReconciler, MAX_EMAIL_ATTEMPTS } from '../src';
import { finding } from './support/fixtures';
import { SmtpSink } from './support/smtp-sink';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const MINUTE = 60_000;

describe.each(DRIVERS)('the alerts reconciler on %s', (driver) => {
  let sink: SmtpSink;
  let t: TestApp;
  let reconciler: AlertsReconciler;
  let athlete: UserEntity;
  let coach: UserEntity;
  const today = () => new Date(t.clock.now()).toISOString().slice(0, 10);
  const save = (f: FindingEntity) => t.dataSource.getRepository(FindingEntity).save(f);
  const ledger = (athleteId: string) =>
    t.dataSource
      .getRepository(EmailDeliveryEntity)
      .find({ where: { athleteId }, order: { naturalKey: 'ASC' } });
  const reconcile = async () => {
    const report = await reconciler.reconcile();
    await t.queue.drain();
    return report;
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp(driver, sink.url);
    reconciler = t.app.get(AlertsReconciler);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });
  beforeEach(async () => {
    sink.messages.length = 0;
    t.clock.nowMs = Date.now();
    athlete = await t.user();
    coach = await t.user({ role: 'coach' });
    await t.link(coach.id, athlete.id, true);
  });

  it('emails a finding whose notify-finding was lost, once, and never one already emailed', async () => {
    // Emailed as it should be: notify-finding ran.
    const emailed = finding(athlete.id, 'R12', 'urgent', today(), t.clock.now() - 10 * MINUTE);
    await save(emailed);
    await t.queue.enqueue('notify-finding', { findingId: emailed.id, severity: 'urgent' });
    await t.queue.drain();
    expect(sink.messages).toHaveLength(2);
    // Lost: committed five minutes ago, its enqueue failed.
    const lost = finding(athlete.id, 'R14', 'urgent', today(), t.clock.now() - 5 * MINUTE);
    await save(lost);
    // Not its business: too old, retracted, a caution, or too young (its evaluation may still enqueue it).
    await save(finding(athlete.id, 'R11', 'warning', today(), t.clock.now() - 25 * 3600_000));
    await save({
      ...finding(athlete.id, 'R13', 'urgent', today(), t.clock.now() - 5 * MINUTE),
      status: 'retracted',
    });
    await save(finding(athlete.id, 'R03', 'caution', today(), t.clock.now() - 5 * MINUTE));
    const young = finding(athlete.id, 'R15', 'warning', today(), t.clock.now() - 10_000);
    await save(young);

    const report = await reconcile();
    expect(report).toMatchObject({ findings: 2, unrecorded: 1, complete: true });
    expect(sink.messages).toHaveLength(4);
    expect(
      sink
        .to(athlete.email)
        .map((m) => m.text?.match(/Rule (R\d+)/)?.[1])
        .sort(),
    ).toEqual(['R12', 'R14']);
    expect(sink.to(coach.email)).toHaveLength(2);
    expect((await ledger(athlete.id)).map((row) => [row.naturalKey.split(':')[1], row.status])).toEqual(
      expect.arrayContaining([
        [lost.id, 'sent'],
        [emailed.id, 'sent'],
      ]),
    );

    // Again, and once the young one is old enough: nothing twice, the young one once.
    await reconcile();
    expect(sink.messages).toHaveLength(4);
    t.clock.nowMs += 2 * MINUTE;
    expect(await reconcile()).toMatchObject({ unrecorded: 1 });
    expect(sink.to(athlete.email)).toHaveLength(3);
    await reconcile();
    expect(sink.messages).toHaveLength(6);
  });

  it('does not email again a finding whose severity fell after its urgent email', async () => {
    const fell = finding(athlete.id, 'R13', 'urgent', today(), t.clock.now() - 10 * MINUTE);
    await save(fell);
    await t.queue.enqueue('notify-finding', { findingId: fell.id, severity: 'urgent' });
    await t.queue.drain();
    await save({ ...fell, severity: 'warning', updatedAtMs: t.clock.now() - 5 * MINUTE });
    expect(await reconcile()).toMatchObject({ unrecorded: 0 });
    expect(sink.messages).toHaveLength(2);
  });

  it('sends a pending email whose job gave up while SMTP was down, once, and gives up at the bound', async () => {
    await sink.stop();
    const f = finding(athlete.id, 'R11', 'warning', today(), t.clock.now());
    await save(f);
    await t.queue.enqueue('notify-finding', { findingId: f.id, severity: 'warning' });
    // The inline driver's attempts (5) all fail: the send jobs fail for good, the ledger rows stay pending.
    await t.queue.drain();
    const stalled = await ledger(athlete.id);
    expect(stalled.map((row) => [row.status, row.attempts])).toEqual([
      ['pending', 5],
      ['pending', 5],
    ]);
    expect(stalled[0].reason).toMatch(/ECONNREFUSED|connect/i);

    await sink.start();
    // A digest tick or a plain pass while the rows are young does nothing; two minutes later they go.
    expect(await reconcile()).toMatchObject({ pending: 0 });
    expect(sink.messages).toHaveLength(0);
    t.clock.nowMs += 2 * MINUTE;
    const report = await reconcile();
    expect(report).toMatchObject({ pending: 2, givenUp: 0 });
    expect(report.jobs.retried + report.jobs.added).toBe(2);
    expect(sink.to(athlete.email)).toHaveLength(1);
    expect(sink.to(coach.email)).toHaveLength(1);
    expect((await ledger(athlete.id)).map((row) => row.status)).toEqual(['sent', 'sent']);
    await reconcile();
    expect(sink.messages).toHaveLength(2);

    // A row that used up MAX_EMAIL_ATTEMPTS stays pending, for a person.
    const worn = finding(athlete.id, 'R12', 'urgent', today(), t.clock.now());
    await save(worn);
    await sink.stop();
    await t.queue.enqueue('notify-finding', { findingId: worn.id, severity: 'urgent' });
    await t.queue.drain();
    await sink.start();
    await t.dataSource
      .getRepository(EmailDeliveryEntity)
      .update({ naturalKey: `alert:${worn.id}:urgent:${athlete.id}` }, { attempts: MAX_EMAIL_ATTEMPTS });
    t.clock.nowMs += 2 * MINUTE;
    expect(await reconcile()).toMatchObject({ pending: 2, givenUp: 1 });
    expect(sink.to(athlete.email)).toHaveLength(1);
    expect(sink.to(coach.email)).toHaveLength(2);
  });
});
