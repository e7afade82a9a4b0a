import { createHash } from 'node:crypto';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { UploadEntity, UploadsRepository } from '@loadwatch/data-access/db';
import type { JobQueue } from '@loadwatch/data-access/queue';
import type { AppConfig } from '@loadwatch/shared/config';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import type { UploadStorage } from './upload-storage.service';
import { UploadsService } from './uploads.service';

const FIT = Buffer.from(
  encodeActivityFit({
    start: new Date('2026-10-18T06:00:00Z'),
    utcOffsetS: 0,
    segments: [{ distanceM: 500, speedMps: 3 }],
  }),
);
const SHA = createHash('sha256').update(FIT).digest('hex');
const ATHLETE = '7d3f1c9e-0000-4000-8000-000000000001';

function setup() {
  const calls: string[] = [];
  const rows = new Map<string, UploadEntity>();
  const uploads = {
    insertIfAbsent: jest.fn(async (input: Omit<UploadEntity, 'id'>) => {
      calls.push(`insert ${input.fileName}`);
      const existing = rows.get(input.sha256);
      if (existing) return { upload: existing, created: false };
      const upload = { ...input, id: `upload-${rows.size + 1}`, status: 'received' } as UploadEntity;
      rows.set(input.sha256, upload);
      return { upload, created: true };
    }),
    findOwned: jest.fn(async () => null),
  };
  const storage = {
    write: jest.fn(async (_a: string, sha: string) => void calls.push(`write ${sha.slice(0, 8)}`)),
  };
  const queue = {
    enqueue: jest.fn(async (name: string, payload: { uploadId: string }) => {
      calls.push(`enqueue ${name} ${payload.uploadId}`);
    }),
  };
  const config = { uploads: { maxBytes: 1 << 20, dir: '/unused' } } as AppConfig;
  const service = new UploadsService(
    uploads as unknown as UploadsRepository,
    storage as unknown as UploadStorage,
    queue as unknown as JobQueue,
    config,
    { now: () => 1000 },
  );
  return { service, calls, uploads, storage, queue };
}

describe('UploadsService.accept', () => {
  it('stores the bytes, then the row, then queues the job, and answers at once', async () => {
    const { service, calls } = setup();
    await expect(service.accept(ATHLETE, [{ originalname: 'run.fit', buffer: FIT }])).resolves.toEqual({
      uploads: [{ id: 'upload-1', fileName: 'run.fit', status: 'received' }],
      rejected: [],
    });
    expect(calls).toEqual([`write ${SHA.slice(0, 8)}`, 'insert run.fit', 'enqueue ingest-fit upload-1']);
  });

  it('answers the same bytes again with the existing upload: no new row, no new job', async () => {
    const { service, queue } = setup();
    await service.accept(ATHLETE, [{ originalname: 'run.fit', buffer: FIT }]);
    await expect(service.accept(ATHLETE, [{ originalname: 'copy.fit', buffer: FIT }])).resolves.toEqual({
      uploads: [{ id: 'upload-1', fileName: 'copy.fit', status: 'duplicate', duplicateOf: 'upload-1' }],
      rejected: [],
    });
    expect(queue.enqueue).toHaveBeenCalledTimes(1);
  });

  it('still answers when the queue is down: the row stays received for the reconciler', async () => {
    const { service, queue } = setup();
    queue.enqueue.mockRejectedValueOnce(new Error('Redis is down'));
    await expect(service.accept(ATHLETE, [{ originalname: 'run.fit', buffer: FIT }])).resolves.toMatchObject({
      uploads: [{ id: 'upload-1', status: 'received' }],
    });
  });

  it('never writes the row when storing the bytes failed', async () => {
    const { service, storage, uploads } = setup();
    storage.write.mockRejectedValueOnce(new Error('ENOSPC'));
    await expect(service.accept(ATHLETE, [{ originalname: 'run.fit', buffer: FIT }])).rejects.toThrow(
      'ENOSPC',
    );
    expect(uploads.insertIfAbsent).not.toHaveBeenCalled();
  });

  it('lists the files it did not take next to the ones it did', async () => {
    const { service } = setup();
    const result = await service.accept(ATHLETE, [
      { originalname: 'run.fit', buffer: FIT },
      { originalname: 'route.gpx', buffer: Buffer.from('<gpx/>') },
    ]);
    expect(result.uploads).toHaveLength(1);
    expect(result.rejected).toEqual([{ fileName: 'route.gpx', reason: expect.stringContaining('GPX') }]);
  });

  it.each<[string, { originalname: string; buffer: Buffer }[] | undefined, RegExp]>([
    ['no file at all', undefined, /No file/],
    ['an empty file list', [], /No file/],
    ['only a GPX file', [{ originalname: 'route.gpx', buffer: Buffer.from('<gpx/>') }], /route\.gpx: GPX/],
  ])('refuses %s with 400 and a message', async (_name, files, message) => {
    const { service } = setup();
    const error = await service.accept(ATHLETE, files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect(JSON.stringify((error as BadRequestException).getResponse())).toMatch(message);
  });

  it('keeps the end of a long archive path within the column', async () => {
    const { service } = setup();
    const name = `${'deep/'.repeat(80)}run.fit`;
    const { uploads } = await service.accept(ATHLETE, [{ originalname: name, buffer: FIT }]);
    expect(uploads[0].fileName).toHaveLength(255);
    expect(uploads[0].fileName.endsWith('/run.fit')).toBe(true);
  });
});

describe('UploadsService.get', () => {
  it("answers 404 for another athlete's upload", async () => {
    const { service } = setup();
    await expect(service.get(ATHLETE, 'upload-9')).rejects.toBeInstanceOf(NotFoundException);
  });
});
