import type { UploadCursor, UploadsRepository } from '@loadwatch/data-access/db';
import { QueueUnavailableError, type EnsureOutcome, type JobQueue } from '@loadwatch/data-access/queue';
import { UploadsReconciler } from './uploads-reconciler.service';

const NOW = 1_800_000_000_000;

interface Row {
  id: string;
  athleteId: string;
  status: 'received' | 'processing';
  createdAtMs: number;
}

function setup(rows: Row[], ensure: jest.Mock) {
  const findUnfinished = jest.fn(
    async (options: { createdBeforeMs: number; after?: UploadCursor; limit: number }) => {
      const { after } = options;
      return rows
        .filter((r) => r.createdAtMs <= options.createdBeforeMs)
        .filter(
          (r) =>
            !after ||
            r.createdAtMs > after.createdAtMs ||
            (r.createdAtMs === after.createdAtMs && r.id > after.id),
        )
        .sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id))
        .slice(0, options.limit);
    },
  );
  const reconciler = new UploadsReconciler(
    { findUnfinished } as unknown as UploadsRepository,
    { ensure } as unknown as JobQueue,
    { now: () => NOW },
  );
  return { reconciler, findUnfinished };
}

const rows = (count: number, ageMs = 60_000): Row[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `u${String(i).padStart(4, '0')}`,
    athleteId: 'a',
    status: i % 3 === 0 ? 'processing' : 'received',
    createdAtMs: NOW - ageMs - (i % 7),
  }));

describe('UploadsReconciler', () => {
  it('ensures the ingest job of every unfinished upload, page after page, and tallies the outcomes', async () => {
    const outcomes: EnsureOutcome[] = ['added', 'pending', 'retried', 'completed', 'failed'];
    const ensure = jest.fn(
      async (_name: string, { uploadId }: { uploadId: string }) => outcomes[Number(uploadId.slice(1)) % 5],
    );
    const { reconciler, findUnfinished } = setup(
      [...rows(450), ...rows(3, 1000).map((r) => ({ ...r, id: `new-${r.id}` }))],
      ensure,
    );
    const report = await reconciler.reconcile();
    expect(report).toEqual({
      checked: 450,
      added: 90,
      pending: 90,
      retried: 90,
      completed: 90,
      failed: 90,
      complete: true,
    });
    const seen = ensure.mock.calls.map(([, payload]) => payload.uploadId);
    expect(new Set(seen).size).toBe(450);
    expect(seen.some((id) => id.startsWith('new-'))).toBe(false);
    expect(ensure).toHaveBeenCalledWith('ingest-fit', { uploadId: 'u0000' });
    expect(findUnfinished).toHaveBeenCalledTimes(4);
    expect(findUnfinished.mock.calls[0][0]).toEqual({
      createdBeforeMs: NOW - 5000,
      after: undefined,
      limit: 200,
    });
  });

  it('stops the pass when the queue is unavailable, and says it is incomplete', async () => {
    const ensure = jest.fn().mockRejectedValue(new QueueUnavailableError('Redis is not connected'));
    const { reconciler } = setup(rows(10), ensure);
    await expect(reconciler.reconcile()).resolves.toMatchObject({ checked: 0, added: 0, complete: false });
  });

  it('fails on any other error', async () => {
    const ensure = jest.fn().mockRejectedValue(new Error('the database is down'));
    const { reconciler } = setup(rows(10), ensure);
    await expect(reconciler.reconcile()).rejects.toThrow('the database is down');
  });

  it('joins a pass already running instead of starting a second one', async () => {
    const ensure = jest.fn().mockResolvedValue('added');
    const { reconciler } = setup(rows(5), ensure);
    const [first, second] = await Promise.all([reconciler.reconcile(), reconciler.reconcile()]);
    expect(first).toBe(second);
    expect(ensure).toHaveBeenCalledTimes(5);
    await reconciler.reconcile();
    expect(ensure).toHaveBeenCalledTimes(10);
  });
});
