import { InlineJobQueue } from './inline-job-queue';
import type { JobAttempt } from './job-admin';
import { PermanentJobError } from './job-errors';
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
    expect(ingest).toHaveBeenLastCalledWith({ uploadId: 'u2' }, { attempt: 1 });
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

describe('JobRegistry', () => {
  it('refuses a second handler and a missing one', () => {
    const registry = new JobRegistry();
    registry.register('ingest-fit', async () => undefined);
    expect(() => registry.register('ingest-fit', async () => undefined)).toThrow(
      "Job 'ingest-fit' has two handlers",
    );
    expect(() => registry.assertComplete()).toThrow('Jobs without a handler: recompute-load, evaluate-rules');
  });
});
