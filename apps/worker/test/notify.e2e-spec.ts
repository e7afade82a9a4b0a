import { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EmailDeliveryEntity, FindingEntity } from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  NOTIFY_QUEUE,
  bullmqJobId,
  type JobQueue,
  type SendAlertPayload,
} from '@loadwatch/data-access/queue';
// The alerts feature's SMTP stand-in: a real SMTP server on 127.0.0.1, parsed with mailparser.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { SmtpSink } from '../../../libs/feature/alerts/test/support/smtp-sink';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { linkCoach } from '../../api/test/support/test-app';
import { startStack, type Stack } from './support/stack';
import { registerUser } from './support/training';

jest.setTimeout(120_000);

const RED_FLAG_LOG = {
  region: 'low_back',
  side: 'central',
  severity: 3,
  when: 'during_run',
  aggravators: [],
  neurological: ['bladder_or_bowel_change'],
  systemic: [],
  can_walk_normally: true,
};

/**
 * Exactly once across processes: three worker processes on one Redis and one PostgreSQL database send the
 * alerts of many athletes, then take the same emails again under other job ids (a fan-out replayed after
 * Redis lost its jobs, or a restart): the email ledger lets each natural key through once.
 */
describe('emails with three worker processes on the same Redis', () => {
  let stack: Stack;
  let sink: SmtpSink;
  const ATHLETES = 8;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    // A slow SMTP server and one send at a time per worker: while one worker waits on a message, the others
    // take the next jobs, so the workers race for the keys (likely shared; which worker runs a job is not
    // asserted, it is the scheduler's business).
    sink.acceptDelayMs = 150;
    stack = await startStack({ workers: 0 });
    for (let i = 0; i < 3; i++) {
      await stack.addWorker({ SMTP_URL: sink.url, QUEUE_CONCURRENCY_NOTIFY: '1' });
    }
  });
  afterAll(async () => {
    await stack?.close();
    await sink?.stop();
  });

  it('sends each urgent alert once to the athlete and the granted coach, also when replayed', async () => {
    const coach = await registerUser(stack.server, 'coach');
    const athletes = await Promise.all(Array.from({ length: ATHLETES }, () => registerUser(stack.server)));
    for (const athlete of athletes) await linkCoach(stack.server, coach, athlete, true);
    const today = new Date().toISOString().slice(0, 10);
    await Promise.all(
      athletes.map((athlete) =>
        request(stack.server)
          .post('/api/symptoms')
          .set(athlete.auth)
          .send({ date: today, ...RED_FLAG_LOG })
          .expect(201),
      ),
    );
    await sink.waitFor(2 * ATHLETES, 30_000);
    for (const athlete of athletes) expect(sink.to(athlete.email)).toHaveLength(1);
    expect(sink.to(coach.email)).toHaveLength(ATHLETES);

    // Replay every send-alert three times under fresh job ids: the three workers race for each key.
    const findings = await stack.app
      .get(DataSource)
      .getRepository(FindingEntity)
      .findBy({ rule: 'R12', status: 'open' });
    const mine = findings.filter((f) => athletes.some((a) => a.id === f.athleteId));
    expect(mine).toHaveLength(ATHLETES);
    const queue = new Queue(NOTIFY_QUEUE, {
      connection: { url: stack.config.queue.driver === 'bullmq' ? stack.config.queue.redisUrl : '' },
      prefix: stack.prefix,
    });
    try {
      for (const f of mine) {
        const recipients = [f.athleteId, coach.id];
        for (const recipientId of recipients) {
          const payload: SendAlertPayload = { findingId: f.id, severity: 'urgent', recipientId };
          for (let copy = 0; copy < 3; copy++) {
            await queue.add('send-alert', payload, {
              jobId: bullmqJobId(`replay:${f.id}:${recipientId}:${copy}`),
            });
          }
        }
      }
    } finally {
      await queue.close();
    }
    await stack.app.get<JobQueue>(JOB_QUEUE).drain();
    expect(sink.messages).toHaveLength(2 * ATHLETES);
    const ids = sink.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const ledger = await stack.app.get(DataSource).getRepository(EmailDeliveryEntity).find();
    expect(ledger.filter((row) => row.status === 'sent')).toHaveLength(2 * ATHLETES);
  });
});
