import { createHash } from 'node:crypto';
import type {
  ActivitySourcesRepository,
  SourceImport,
  SourceImported,
  UploadEntity,
  UploadsRepository,
  UsersRepository,
} from '@loadwatch/data-access/db';
import { JobRegistry, PermanentJobError, type JobQueue } from '@loadwatch/data-access/queue';
import type { AppConfig } from '@loadwatch/shared/config';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import { IngestFitJob } from './ingest-fit.job';
import type { UploadStorage } from './upload-storage.service';

const ATHLETE = '7d3f1c9e-0000-4000-8000-000000000001';

function fitOf(start: string, utcOffsetS: number): Buffer {
  return Buffer.from(
    encodeActivityFit({ start: new Date(start), utcOffsetS, segments: [{ distanceM: 2000, speedMps: 3.2 }] }),
  );
}

function setup(
  bytes: Buffer | Error,
  options: { timeZone?: string; upload?: boolean; garminActivityId?: string } = {},
) {
  const sha256 = bytes instanceof Error ? 'b'.repeat(64) : createHash('sha256').update(bytes).digest('hex');
  const upload = {
    id: 'upload-1',
    athleteId: ATHLETE,
    sha256,
    status: 'received',
    provider: options.garminActivityId ? 'garmin' : null,
    externalId: options.garminActivityId ?? null,
  } as UploadEntity;
  const uploads = {
    findById: jest.fn(async () => (options.upload === false ? null : upload)),
    markProcessing: jest.fn(async () => undefined),
    markProcessed: jest.fn(async () => undefined),
    markRejected: jest.fn(async () => undefined),
    markFailed: jest.fn(async () => undefined),
  };
  const activities = {
    importSource: jest.fn(
      async (_input: SourceImport, _timeZone: string, _nowMs: number): Promise<SourceImported> => ({
        activityId: 'a0',
        outcome: 'created',
      }),
    ),
  };
  const users = { findById: jest.fn(async () => ({ id: ATHLETE, timeZone: options.timeZone ?? 'UTC' })) };
  const storage = {
    read: jest.fn(async () => {
      if (bytes instanceof Error) throw bytes;
      return bytes;
    }),
    remove: jest.fn(async () => undefined),
  };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const registry = new JobRegistry();
  const job = new IngestFitJob(
    registry,
    queue as unknown as JobQueue,
    { uploads: { maxBytes: 1 << 20, dir: '/unused' } } as AppConfig,
    uploads as unknown as UploadsRepository,
    activities as unknown as ActivitySourcesRepository,
    users as unknown as UsersRepository,
    storage as unknown as UploadStorage,
    { now: () => 1000 },
  );
  job.onModuleInit();
  return { job, registry, uploads, activities, queue, sha256, storage };
}

describe('IngestFitJob', () => {
  it('registers itself as the ingest-fit handler', async () => {
    const { registry, uploads } = setup(fitOf('2026-10-18T06:00:00Z', 3600));
    await registry.get('ingest-fit')({ uploadId: 'upload-1' }, { attempt: 1 });
    expect(uploads.markProcessed).toHaveBeenCalled();
  });

  it('imports one provenance per session by its natural key, marks the upload processed and queues the recompute', async () => {
    const { job, uploads, activities, queue, sha256 } = setup(fitOf('2026-10-18T06:00:00Z', 3600));
    await job.handleIngestFit({ uploadId: 'upload-1' });
    expect(activities.importSource).toHaveBeenCalledTimes(1);
    const [input, timeZone] = activities.importSource.mock.calls[0];
    expect(input).toMatchObject({
      athleteId: ATHLETE,
      source: 'fit',
      externalId: `${sha256}:0`,
      uploadId: 'upload-1',
      activity: {
        source: 'fit',
        sportClass: 'running',
        startMs: Date.parse('2026-10-18T06:00:00Z'),
        utcOffsetS: 3600,
      },
    });
    expect(input.activity).not.toHaveProperty('id');
    expect(input.activity.stream?.timeS.length).toBeGreaterThan(0);
    expect(timeZone).toBe('UTC');
    expect(uploads.markProcessing).toHaveBeenCalledWith('upload-1');
    expect(uploads.markProcessed).toHaveBeenCalledWith('upload-1', 1, expect.any(Number), null);
    expect(queue.enqueue).toHaveBeenCalledWith('recompute-load', { athleteId: ATHLETE });
  });

  it('imports a Garmin activity file as the Garmin provenance keyed by its activity id', async () => {
    const { job, activities } = setup(fitOf('2026-10-18T06:00:00Z', 3600), {
      garminActivityId: '5001',
      timeZone: 'Europe/Paris',
    });
    await job.handleIngestFit({ uploadId: 'upload-1' });
    const [input, timeZone] = activities.importSource.mock.calls[0];
    expect(input).toMatchObject({
      source: 'garmin',
      externalId: '5001',
      uploadId: 'upload-1',
      activity: { source: 'garmin' },
    });
    expect(timeZone).toBe('Europe/Paris');
  });

  it('finishes a Garmin file of a run the athlete deleted as processed, with no activity and the reason', async () => {
    const { job, uploads, activities, storage, sha256 } = setup(fitOf('2026-10-18T06:00:00Z', 3600), {
      garminActivityId: '5001',
    });
    activities.importSource.mockResolvedValueOnce({ activityId: null, outcome: 'deleted-by-athlete' });
    await job.handleIngestFit({ uploadId: 'upload-1' });
    expect(uploads.markProcessed).toHaveBeenCalledWith(
      'upload-1',
      0,
      expect.any(Number),
      'Not imported: you deleted this activity in Loadwatch; its file was not kept.',
    );
    expect(uploads.markFailed).not.toHaveBeenCalled();
    expect(storage.remove).toHaveBeenCalledWith(ATHLETE, sha256);
  });

  it('rejects a corrupt file for good, with the decoder message as the reason', async () => {
    const corrupt = fitOf('2026-10-18T06:00:00Z', 0);
    corrupt[corrupt.length - 1] ^= 0xff;
    const { job, uploads, activities, queue } = setup(corrupt);
    const error = await job.handleIngestFit({ uploadId: 'upload-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(uploads.markRejected).toHaveBeenCalledWith(
      'upload-1',
      expect.stringMatching(/CRC/i),
      expect.any(Number),
    );
    expect(activities.importSource).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('stops at once when the upload is gone', async () => {
    const { job } = setup(fitOf('2026-10-18T06:00:00Z', 0), { upload: false });
    await expect(job.handleIngestFit({ uploadId: 'upload-1' })).rejects.toBeInstanceOf(PermanentJobError);
  });

  it('marks the upload failed and stops when its stored file is missing', async () => {
    const missing = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    const { job, uploads } = setup(missing);
    await expect(job.handleIngestFit({ uploadId: 'upload-1' })).rejects.toBeInstanceOf(PermanentJobError);
    expect(uploads.markFailed).toHaveBeenCalledWith(
      'upload-1',
      'the stored file is missing',
      expect.any(Number),
    );
  });

  it('rethrows a transient failure so the queue retries it', async () => {
    const { job, activities, uploads } = setup(fitOf('2026-10-18T06:00:00Z', 0));
    activities.importSource.mockRejectedValueOnce(new Error('database is locked'));
    const error = await job.handleIngestFit({ uploadId: 'upload-1' }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toBe('database is locked');
    expect(uploads.markProcessed).not.toHaveBeenCalled();
  });
});
