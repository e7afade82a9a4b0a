import { InlineJobQueue } from './inline-job-queue';
import { PermanentJobError } from './job-errors';
import { JobRegistry } from './job-registry';

function setup(handlers: Partial<Record<'ingest-fit' | 'recompute-load' | 'evaluate-rules', jest.Mock>>) {
  const registry = new JobRegistry();
  registry.register('ingest-fit', handlers['ingest-fit'] ?? jest.fn().mockResolvedValue(undefined));
  registry.register('recompute-load', handlers['recompute-load'] ?? jest.fn().mockResolvedValue(undefined));
  registry.register('evaluate-rules', handlers['evaluate-rules'] ?? jest.fn().mockResolvedValue(undefined));
  return new InlineJobQueue(registry, { maxAttempts: 3, backoffMs: 1 });
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
