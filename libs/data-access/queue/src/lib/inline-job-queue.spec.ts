import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { InlineJobQueue } from './inline-job-queue';
import type { JobAttempt } from './job-admin';
import { FileJobCarryOver } from './job-carry-over';
import { PermanentJobError, RetryLaterError } from './job-errors';
import { JobRegistry } from './job-registry';

function setup(
  handlers: Partial<Record<'ingest-fit' | 'recompute-load' | 'evaluate-rules', jest.Mock>>,
  attempts: JobAttempt[] = [],
) {
  const registry = new JobRegistry();
  registry.register('ingest-fit', handlers['ingest-fit'] ?? jest.fn().mockResolvedValue(undefined));
  registry.register('recompute-load', handlers['recompute-load'] ?? jest.fn().mockResolvedValue(undefined));
  registry.register('evaluate-rules', handlers['evaluate-rules'] ?? jest.fn().mockResolvedValue(undefined));
  return new InlineJobQueue(registry, { maxAttempts: 3, backoffMs: 1, failedLimit: 2 }, [
    { onAttempt: (attempt) => attempts.push(attempt) },
    {
      onAttempt: () => {
        throw new Error('a broken observer never changes the outcome');
      },
    },
  ]);
}

describe('InlineJobQueue', () => {
  it('runs a job once per natural key while it waits (debounce), then again later', async () => {
    const recompute = jest.fn().mockResolvedValue(undefined);
    const queue = setup({ 'recompute-load': recompute });
    for (let i = 0; i < 50; i++) await queue.enqueue('recompute-load', { athleteId: 'a' });
    await queue.enqueue('recompute-load', { athleteId: 'b' });
    await queue.drain();
    expect(recompute.mock.calls.map(([p]) => p.athleteId).sort()).toEqual(['a', 'b']);
    await queue.enqueue('recompute-load', { athleteId: 'a' });
    await queue.drain();
    expect(recompute).toHaveBeenCalledTimes(3);
  });

  it('retries a transient failure with backoff and stops at once on a permanent one', async () => {
    const ingest = jest
      .fn()
      .mockRejectedValueOnce(new Error('database is locked'))
      .mockResolvedValueOnce(undefined)
      .mockRejectedValueOnce(new PermanentJobError('corrupt file'));
    const queue = setup({ 'ingest-fit': ingest });
    await queue.enqueue('ingest-fit', { uploadId: 'u1' });
    await queue.drain();
    expect(ingest.mock.calls.map(([, ctx]) => ctx.attempt)).toEqual([1, 2]);
    await queue.enqueue('ingest-fit', { uploadId: 'u2' });
    await queue.drain();
    expect(ingest).toHaveBeenCalledTimes(3);
  });

  it('gives up after the last attempt', async () => {
    const evaluate = jest.fn().mockRejectedValue(new Error('still down'));
    const queue = setup({ 'evaluate-rules': evaluate });
    await queue.enqueue('evaluate-rules', { athleteId: 'a' });
    await queue.drain();
    expect(evaluate).toHaveBeenCalledTimes(3);
  });

  it('drains jobs that jobs enqueue', async () => {
    const order: string[] = [];
    const ref: { queue?: InlineJobQueue } = {};
    const ingest = jest.fn(async () => {
      order.push('ingest');
      await ref.queue?.enqueue('recompute-load', { athleteId: 'a' });
    });
    const recompute = jest.fn(async () => {
      order.push('recompute');
      await ref.queue?.enqueue('evaluate-rules', { athleteId: 'a' });
    });
    const evaluate = jest.fn(async () => void order.push('evaluate'));
    const queue = setup({ 'ingest-fit': ingest, 'recompute-load': recompute, 'evaluate-rules': evaluate });
    ref.queue = queue;
    await queue.enqueue('ingest-fit', { uploadId: 'u' });
    await queue.drain();
    expect(order).toEqual(['ingest', 'recompute', 'evaluate']);
  });
});

describe('InlineJobQueue as JobQueueAdmin', () => {
  it('reports every attempt to the observers', async () => {
    const attempts: JobAttempt[] = [];
    const ingest = jest.fn().mockRejectedValueOnce(new Error('locked')).mockResolvedValueOnce(undefined);
    const queue = setup({ 'ingest-fit': ingest }, attempts);
    await queue.enqueue('ingest-fit', { uploadId: 'u1' });
    await queue.drain();
    expect(attempts).toEqual([
      expect.objectContaining({
        queue: 'ingest',
        name: 'ingest-fit',
        jobId: 'ingest-fit:u1',
        attempt: 1,
        outcome: 'retrying',
      }),
      expect.objectContaining({ attempt: 2, outcome: 'completed', durationMs: expect.any(Number) }),
    ]);
  });

  it('keeps failed jobs, newest first and bounded, and runs one again on request', async () => {
    const ingest = jest.fn().mockRejectedValue(new PermanentJobError('corrupt file'));
    const queue = setup({ 'ingest-fit': ingest });
    for (const uploadId of ['u1', 'u2', 'u3']) {
      await queue.enqueue('ingest-fit', { uploadId });
      await queue.drain();
    }
    const failed = await queue.failed(10, 0);
    expect(failed.map((job) => job.jobId)).toEqual(['ingest-fit:u3', 'ingest-fit:u2']);
    expect(failed[0]).toEqual({
      queue: 'ingest',
      jobId: 'ingest-fit:u3',
      name: 'ingest-fit',
      payload: { uploadId: 'u3' },
      reason: 'corrupt file',
      attemptsMade: 1,
      failedAt: expect.any(String),
    });
    await expect(queue.failed(1, 1)).resolves.toEqual([expect.objectContaining({ jobId: 'ingest-fit:u2' })]);
    expect((await queue.counts()).find((c) => c.queue === 'ingest')).toEqual({
      queue: 'ingest',
      waiting: 0,
      active: 0,
      delayed: 0,
      failed: 2,
      completed: 0,
    });

    ingest.mockResolvedValue(undefined);
    await expect(queue.retry('ingest', 'ingest-fit:u2')).resolves.toBe(true);
    await queue.drain();
    expect(ingest).toHaveBeenLastCalledWith({ uploadId: 'u2' }, { attempt: 1, final: false });
    await expect(queue.retry('ingest', 'ingest-fit:u2')).resolves.toBe(false);
    expect((await queue.counts()).find((c) => c.queue === 'ingest')).toMatchObject({
      failed: 1,
      completed: 1,
    });
  });

  it('ensures a job: leaves a waiting or permanently failed one, retries a transient failure once', async () => {
    const evaluate = jest.fn().mockRejectedValue(new Error('still down'));
    const ingest = jest.fn().mockRejectedValue(new PermanentJobError('corrupt file'));
    const queue = setup({ 'evaluate-rules': evaluate, 'ingest-fit': ingest });
    await expect(queue.ensure('ingest-fit', { uploadId: 'u1' })).resolves.toBe('added');
    await expect(queue.ensure('ingest-fit', { uploadId: 'u1' })).resolves.toBe('pending');
    await queue.drain();
    await expect(queue.ensure('ingest-fit', { uploadId: 'u1' })).resolves.toBe('failed');
    await queue.enqueue('evaluate-rules', { athleteId: 'a' });
    await queue.drain();
    await expect(queue.ensure('evaluate-rules', { athleteId: 'a' })).resolves.toBe('retried');
    await queue.drain();
    await expect(queue.ensure('evaluate-rules', { athleteId: 'a' })).resolves.toBe('failed');
    expect(evaluate).toHaveBeenCalledTimes(6);
  });
});

describe('InlineJobQueue.close', () => {
  afterEach(() => jest.restoreAllMocks());

  /** `strava-backfill` waits for a rate limit 60 s away on its first run of a connection; `ingest-fit` runs. */
  function rateLimited() {
    const registry = new JobRegistry();
    const limitedUntil = Date.now() + 60_000;
    const backfill = jest.fn(async (payload: { connectionId: string }) => {
      if (backfill.mock.calls.filter(([p]) => p.connectionId === payload.connectionId).length === 1) {
        throw new RetryLaterError(limitedUntil, 'budget used up');
      }
    });
    const ingest = jest.fn().mockResolvedValue(undefined);
    registry.register('strava-backfill', backfill);
    registry.register('ingest-fit', ingest);
    const queue = new InlineJobQueue(registry, { maxAttempts: 3, backoffMs: 1 });
    return { queue, backfill, ingest, limitedUntil };
  }

  it('drops backfill jobs waiting for a rate limit instead of waiting, runs what is due, and says how many were left', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const { queue, backfill, ingest, limitedUntil } = rateLimited();
    await queue.enqueue('strava-backfill', { connectionId: 'c1', runId: 'r1', step: 'start' });
    await queue.enqueue('strava-backfill', { connectionId: 'c2', runId: 'r2', step: 'start' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(backfill).toHaveBeenCalledTimes(2);
    await queue.enqueue('ingest-fit', { uploadId: 'u1' });

    await queue.close();

    expect(Date.now()).toBeLessThan(limitedUntil);
    expect(backfill).toHaveBeenCalledTimes(2);
    expect(ingest).toHaveBeenCalledWith({ uploadId: 'u1' }, { attempt: 1, final: false });
    expect(log).toHaveBeenCalledWith(
      '2 backfill jobs were left for the next start, whose sync reconciler resumes them.',
    );
    await expect(queue.failed(10, 0)).resolves.toEqual([]);
    await expect(queue.enqueue('ingest-fit', { uploadId: 'u2' })).rejects.toThrow('The job queue is closed');
  });

  it('leaves a backfill job that asks to wait for a rate limit while the queue closes, without retrying it', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const registry = new JobRegistry();
    const gate: { open?: () => void } = {};
    const opened = new Promise<void>((resolve) => (gate.open = resolve));
    const backfill = jest.fn(async () => {
      await opened;
      throw new RetryLaterError(Date.now() + 60_000, 'budget used up');
    });
    registry.register('strava-backfill', backfill);
    const queue = new InlineJobQueue(registry, { maxAttempts: 3, backoffMs: 1 });
    await queue.enqueue('strava-backfill', { connectionId: 'c1', runId: 'r1', step: 'start' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = queue.close();
    gate.open?.();
    await closed;
    expect(backfill).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(
      '1 backfill job was left for the next start, whose sync reconciler resumes them.',
    );
    await expect(queue.failed(10, 0)).resolves.toEqual([]);
  });

  it('does not run the rest of a backfill on close: steps and activities it enqueues meanwhile are dropped', async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const registry = new JobRegistry();
    const ref: { queue?: InlineJobQueue; release?: () => void } = {};
    const held = new Promise<void>((resolve) => (ref.release = resolve));
    const steps: string[] = [];
    registry.register('strava-backfill', async ({ connectionId, runId, step }) => {
      steps.push(step);
      if (step === 'start') await held;
      const next = String(steps.length);
      if (steps.length >= 5) return;
      await ref.queue?.enqueue('strava-activity', {
        connectionId,
        activityId: next,
        revision: `backfill-${runId}`,
      });
      await ref.queue?.enqueue('strava-backfill', { connectionId, runId, step: next });
    });
    const activity = jest.fn().mockResolvedValue(undefined);
    registry.register('strava-activity', activity);
    const queue = (ref.queue = new InlineJobQueue(registry, { maxAttempts: 3, backoffMs: 1 }));
    await queue.enqueue('strava-backfill', { connectionId: 'c1', runId: 'r1', step: 'start' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps).toEqual(['start']);

    const closed = queue.close();
    ref.release?.();
    await closed;

    expect(steps).toEqual(['start']);
    expect(activity).not.toHaveBeenCalled();
  });

  it('keeps provider events waiting for a rate limit, and scheduled checks, for the next start, which runs them', async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const dir = mkdtempSync(join(tmpdir(), 'loadwatch-carry-over-'));
    try {
      const store = new FileJobCarryOver(join(dir, 'queue', 'carried-over.json'));
      const limitedUntil = Date.now() + 60_000;
      const build = (event: jest.Mock, remove: jest.Mock) => {
        const registry = new JobRegistry();
        registry.register('strava-activity', event);
        registry.register('strava-activity-delete', remove);
        registry.register('strava-deauthorize', event);
        return new InlineJobQueue(registry, { maxAttempts: 3, backoffMs: 1 }, [], store);
      };
      const limited = jest.fn().mockRejectedValue(new RetryLaterError(limitedUntil, 'budget used up'));
      const neverNow = jest.fn().mockResolvedValue(undefined);
      const first = build(limited, neverNow);
      const created = { connectionId: 'c1', activityId: '42', revision: 'event-1700000000' };
      await first.enqueue('strava-activity', created);
      await first.enqueue('strava-deauthorize', { externalAthleteId: '7', eventTime: '1700000001' });
      const check = { connectionId: 'c1', activityId: '43', check: '2' };
      await first.enqueue('strava-activity-delete', check, { delayMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(limited).toHaveBeenCalledTimes(2);

      await first.close();
      expect(Date.now()).toBeLessThan(limitedUntil);
      expect(neverNow).not.toHaveBeenCalled();

      const event = jest.fn().mockResolvedValue(undefined);
      const remove = jest.fn().mockResolvedValue(undefined);
      const second = build(event, remove);
      await expect(second.restoreCarriedOver()).resolves.toBe(3);
      await second.drain();
      expect(event.mock.calls.map(([payload]) => payload)).toEqual(
        expect.arrayContaining([created, { externalAthleteId: '7', eventTime: '1700000001' }]),
      );
      expect(remove).toHaveBeenCalledWith(check, expect.objectContaining({ attempt: 1 }));
      // Taken once: a third start finds nothing kept.
      await expect(build(event, remove).restoreCarriedOver()).resolves.toBe(0);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still drains for tests: drain waits for the rate limit and then runs the job', async () => {
    const registry = new JobRegistry();
    let until = 0;
    const backfill = jest.fn(async () => {
      if (backfill.mock.calls.length === 1) throw new RetryLaterError((until = Date.now() + 150), 'wait');
    });
    registry.register('strava-backfill', backfill);
    const queue = new InlineJobQueue(registry, { maxAttempts: 1, backoffMs: 1 });
    await queue.enqueue('strava-backfill', { connectionId: 'c1', runId: 'r1', step: 'start' });
    await queue.drain();
    expect(backfill).toHaveBeenCalledTimes(2);
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    await queue.close();
  });
});

describe('JobRegistry', () => {
  it('refuses a second handler and a missing one', () => {
    const registry = new JobRegistry();
    registry.register('ingest-fit', async () => undefined);
    expect(() => registry.register('ingest-fit', async () => undefined)).toThrow(
      "Job 'ingest-fit' has two handlers",
    );
    expect(() => registry.assertComplete()).toThrow(
      /^Jobs without a handler: .*recompute-load, evaluate-rules/,
    );
  });
});
