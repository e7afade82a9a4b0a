import { createHash, randomUUID } from 'node:crypto';
import { UploadEntity, UploadsRepository, type UserEntity } from '@loadwatch/data-access/db';
import type { JobQueue } from '@loadwatch/data-access/queue';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import { DRIVERS } from '@loadwatch/testing';
import { UploadStorage, UploadsReconciler } from '../src';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

describe.each(DRIVERS)('the uploads reconciler on %s', (driver) => {
  let t: TestApp;
  let athlete: UserEntity;

  beforeAll(async () => {
    t = await createTestApp(driver);
    athlete = await t.athlete();
  });
  afterAll(() => t?.close());

  /** An upload committed with its bytes but never enqueued, as when Redis was down. */
  async function storedUpload(km: number, createdAtMs: number, status: UploadEntity['status'] = 'received') {
    const bytes = Buffer.from(
      encodeActivityFit({
        start: new Date(Date.UTC(2026, 0, km)),
        utcOffsetS: 0,
        segments: [{ distanceM: km * 1000, speedMps: 3 }],
      }),
    );
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await t.app.get(UploadStorage).write(athlete.id, sha256, bytes);
    const { upload } = await t.app.get(UploadsRepository).insertIfAbsent({
      athleteId: athlete.id,
      fileName: `${km}.fit`,
      sha256,
      sizeBytes: bytes.length,
      createdAtMs,
    });
    if (status !== 'received')
      await t.dataSource.getRepository(UploadEntity).update({ id: upload.id }, { status });
    return upload.id;
  }

  const statusOf = async (id: string) =>
    (await t.dataSource.getRepository(UploadEntity).findOneByOrFail({ id })).status;

  it('enqueues the uploads left received or processing, but not the ones just committed', async () => {
    const old = Date.now() - 60_000;
    const received = await storedUpload(5, old);
    const processing = await storedUpload(6, old, 'processing');
    const fresh = await storedUpload(7, Date.now());
    const reconciler = t.app.get(UploadsReconciler);

    await expect(reconciler.reconcile()).resolves.toMatchObject({ checked: 2, added: 2, complete: true });
    await t.queue.drain();
    expect([await statusOf(received), await statusOf(processing), await statusOf(fresh)]).toEqual([
      'processed',
      'processed',
      'received',
    ]);
    await expect(reconciler.reconcile()).resolves.toMatchObject({ checked: 0 });
    await expect(reconciler.reconcile(0)).resolves.toMatchObject({ checked: 1, added: 1 });
    await t.queue.drain();
    expect(await statusOf(fresh)).toBe('processed');
  });

  it('walks every unfinished upload once, in pages, ties on the creation time included', async () => {
    const uploads = t.dataSource.getRepository(UploadEntity);
    const base = Date.now() - 120_000;
    const rows = Array.from({ length: 450 }, (_, i) => ({
      id: randomUUID(),
      athleteId: athlete.id,
      fileName: `bulk-${i}.fit`,
      sha256: createHash('sha256').update(`bulk-${i}`).digest('hex'),
      sizeBytes: 1,
      status: (['received', 'processing', 'processed', 'rejected'] as const)[i % 4],
      reason: null,
      activityCount: 0,
      createdAtMs: base + Math.floor(i / 10),
      processedAtMs: null,
    }));
    for (let i = 0; i < rows.length; i += 50) await uploads.insert(rows.slice(i, i + 50));
    const ensure = jest.fn().mockResolvedValue('pending');
    const reconciler = new UploadsReconciler(
      t.app.get(UploadsRepository),
      { ensure } as unknown as JobQueue,
      { now: () => Date.now() },
    );

    const report = await reconciler.reconcile();
    const unfinished = rows.filter((r) => r.status === 'received' || r.status === 'processing');
    expect(report).toMatchObject({ checked: unfinished.length, pending: unfinished.length });
    const seen = ensure.mock.calls.map(([, payload]) => payload.uploadId as string);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(unfinished.map((r) => r.id)));
  });
});
