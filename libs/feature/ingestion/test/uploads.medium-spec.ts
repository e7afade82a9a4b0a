import { readFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import request from 'supertest';
import {
  ActivityEntity,
  ActivityStreamEntity,
  UploadEntity,
  type UserEntity,
} from '@loadwatch/data-access/db';
import { DRIVERS } from '@loadwatch/testing';
import { IngestFitJob } from '../src';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const FIXTURES = join(__dirname, '../../../domain/fit/test/fixtures');
const RUN = readFileSync(join(FIXTURES, 'ok/fitparse-garmin-fr110-running-01.fit'));
const MULTISPORT = readFileSync(join(FIXTURES, 'ok/fitparse-garmin-fr920xt-multisport-multiple-header.fit'));
const BAD_CRC = readFileSync(join(FIXTURES, 'not-ok/fitparse-invalid-bad-crc.fit'));
const MAX_BYTES = 1 << 20;

describe.each(DRIVERS)('uploads and activities over HTTP on %s', (driver) => {
  let t: TestApp;
  let athlete: UserEntity;
  let ingest: jest.SpyInstance;

  beforeAll(async () => {
    t = await createTestApp(driver, { maxBytes: MAX_BYTES });
    athlete = await t.athlete({ timeZone: 'Europe/Berlin' });
    ingest = jest.spyOn(t.app.get(IngestFitJob), 'handleIngestFit');
  });
  afterAll(() => t?.close());
  beforeEach(() => ingest.mockClear());

  const http = () => request(t.app.getHttpServer());
  const upload = (files: [name: string, bytes: Buffer][], userId = athlete.id) => {
    const req = http().post('/api/uploads').set(t.as(userId));
    for (const [name, bytes] of files) req.attach('files', bytes, name);
    return req;
  };
  const activityCount = () => t.dataSource.getRepository(ActivityEntity).countBy({ athleteId: athlete.id });

  it('answers 202 at once, then decodes in the queue: one activity per session', async () => {
    const accepted = await upload([['run.fit', RUN]]).expect(202);
    expect(accepted.body).toEqual({
      uploads: [{ id: expect.any(String), fileName: 'run.fit', status: 'received' }],
      rejected: [],
    });
    const id = accepted.body.uploads[0].id;
    const row = await t.dataSource.getRepository(UploadEntity).findOneByOrFail({ id });
    expect(readFileSync(join(t.config.uploads.dir, athlete.id, row.sha256))).toEqual(RUN);

    await t.queue.drain();
    const status = await http().get(`/api/uploads/${id}`).set(t.as(athlete.id)).expect(200);
    expect(status.body).toMatchObject({ id, status: 'processed', activityCount: 1, fileName: 'run.fit' });

    const list = await http().get('/api/activities').set(t.as(athlete.id)).expect(200);
    expect(list.body).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(list.body.items[0]).toMatchObject({ sportClass: 'running', uploadId: id, source: 'fit' });
    expect(list.body.items[0]).not.toHaveProperty('laps');
    const activityId = list.body.items[0].id;
    const plain = await http().get(`/api/activities/${activityId}`).set(t.as(athlete.id)).expect(200);
    expect(plain.body.laps.length).toBeGreaterThan(0);
    expect(plain.body).not.toHaveProperty('stream');
    const full = await http()
      .get(`/api/activities/${activityId}?stream=true`)
      .set(t.as(athlete.id))
      .expect(200);
    expect(full.body.stream.timeS.length).toBe(full.body.recordCount);

    const weeks = await http().get('/api/weeks').set(t.as(athlete.id)).expect(200);
    expect(weeks.body.weeks.length).toBeGreaterThan(0);
  });

  it('takes the same bytes again, gzipped in a zip, as a duplicate: no new row, no job, one activity', async () => {
    const archive = Buffer.from(
      zipSync({ 'export/run.fit.gz': gzipSync(RUN), 'export/route.gpx': Buffer.from('<gpx/>') }),
    );
    const again = await upload([['export.zip', archive]]).expect(202);
    const [first] = (await t.dataSource.getRepository(UploadEntity).findBy({ athleteId: athlete.id })).filter(
      (u) => u.fileName === 'run.fit',
    );
    expect(again.body).toEqual({
      uploads: [
        {
          id: first.id,
          fileName: 'export.zip!export/run.fit.gz',
          status: 'duplicate',
          duplicateOf: first.id,
        },
      ],
      rejected: [
        {
          fileName: 'export.zip!export/route.gpx',
          reason: expect.stringMatching(/^GPX files are not supported/),
        },
      ],
    });
    await t.queue.drain();
    expect(ingest).not.toHaveBeenCalled();
    expect(await t.dataSource.getRepository(UploadEntity).countBy({ athleteId: athlete.id })).toBe(1);
    expect(await activityCount()).toBe(1);
  });

  it('stores a multisport file as one activity per session, and ingesting it again changes nothing', async () => {
    const accepted = await upload([['day.fit', MULTISPORT]]).expect(202);
    await t.queue.drain();
    const id = accepted.body.uploads[0].id;
    const { body } = await http().get(`/api/uploads/${id}`).set(t.as(athlete.id)).expect(200);
    expect(body.activityCount).toBeGreaterThan(1);
    const before = await t.dataSource
      .getRepository(ActivityEntity)
      .find({ where: { uploadId: id }, order: { sourceKey: 'ASC' } });
    expect(before.map((a) => a.sourceKey)).toEqual(
      before.map((_, i) => `fit:${before[0].sourceKey.split(':')[1]}:${i}`),
    );

    await t.app.get(IngestFitJob).handleIngestFit({ uploadId: id });
    await t.queue.drain();
    const after = await t.dataSource
      .getRepository(ActivityEntity)
      .find({ where: { uploadId: id }, order: { sourceKey: 'ASC' } });
    expect(after.map((a) => a.id)).toEqual(before.map((a) => a.id));
    expect(await t.dataSource.getRepository(ActivityStreamEntity).count()).toBeGreaterThanOrEqual(
      after.length,
    );
  });

  it('rejects a corrupt file for good, with the reason, after one attempt', async () => {
    const accepted = await upload([['broken.fit', BAD_CRC]]).expect(202);
    await t.queue.drain();
    const id = accepted.body.uploads[0].id;
    expect(ingest).toHaveBeenCalledTimes(1);
    const { body } = await http().get(`/api/uploads/${id}`).set(t.as(athlete.id)).expect(200);
    expect(body).toMatchObject({
      status: 'rejected',
      activityCount: 0,
      reason: expect.stringMatching(/CRC/i),
    });
  });

  it.each<[string, [string, Buffer][], number, RegExp]>([
    ['no file', [], 400, /No file/],
    [
      'only a GPX file',
      [['route.gpx', Buffer.from('<gpx/>')]],
      400,
      /route\.gpx: GPX files are not supported/,
    ],
    [
      'a body above the limit',
      [['big.fit', Buffer.alloc(MAX_BYTES + 1)]],
      413,
      /larger than the limit of 1048576 bytes/,
    ],
  ])('refuses %s with a status and a message', async (_name, files, status, message) => {
    const response = await upload(files).expect(status);
    expect(JSON.stringify(response.body.message)).toMatch(message);
  });

  it('caps a chunked body without a Content-Length while it streams in', async () => {
    const boundary = 'loadwatchboundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.fit"\r\n\r\n`,
      ),
      Buffer.alloc(MAX_BYTES + 10),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const server: Server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/uploads',
            headers: {
              ...t.as(athlete.id),
              'content-type': `multipart/form-data; boundary=${boundary}`,
              'transfer-encoding': 'chunked',
            },
          },
          (res) => {
            resolve(res.statusCode ?? 0);
            res.resume();
          },
        );
        req.on('error', reject);
        for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
        req.end();
      });
      expect(status).toBe(413);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("keeps uploads and activities to their owner, and shows a linked coach the athlete's activities", async () => {
    const [row] = await t.dataSource
      .getRepository(UploadEntity)
      .findBy({ athleteId: athlete.id, fileName: 'run.fit' });
    const [activity] = await t.dataSource.getRepository(ActivityEntity).findBy({ uploadId: row.id });
    const other = await t.athlete();
    await http().get(`/api/uploads/${row.id}`).set(t.as(other.id)).expect(404);
    await http().get(`/api/activities/${activity.id}`).set(t.as(other.id)).expect(404);
    await http().delete(`/api/activities/${activity.id}`).set(t.as(other.id)).expect(404);
    const mine = await http().get('/api/uploads').set(t.as(other.id)).expect(200);
    expect(mine.body).toMatchObject({ items: [], total: 0 });

    await http().get(`/api/athletes/${athlete.id}/activities`).set(t.as(other.id)).expect(404);
    await t.link(other.id, athlete.id, false);
    const mirror = await http()
      .get(`/api/athletes/${athlete.id}/activities?limit=2`)
      .set(t.as(other.id))
      .expect(200);
    expect(mirror.body).toMatchObject({ limit: 2, offset: 0, total: await activityCount() });
    await http().get(`/api/athletes/${athlete.id}/activities/${activity.id}`).set(t.as(other.id)).expect(200);
    await http().get('/api/activities?limit=500').set(t.as(athlete.id)).expect(400);
  });

  it('deletes an activity with its stream and recomputes the weeks', async () => {
    const [row] = await t.dataSource
      .getRepository(UploadEntity)
      .findBy({ athleteId: athlete.id, fileName: 'run.fit' });
    const [activity] = await t.dataSource.getRepository(ActivityEntity).findBy({ uploadId: row.id });
    await http().delete(`/api/activities/${activity.id}`).set(t.as(athlete.id)).expect(204);
    await http().get(`/api/activities/${activity.id}`).set(t.as(athlete.id)).expect(404);
    expect(await t.dataSource.getRepository(ActivityStreamEntity).countBy({ activityId: activity.id })).toBe(
      0,
    );
    await t.queue.drain();
    const { body } = await http().get('/api/weeks').set(t.as(athlete.id)).expect(200);
    const runDate: string = activity.localDate;
    expect(
      body.weeks.every(
        (w: { runs: number; weekStart: string; weekEnd: string }) =>
          runDate < w.weekStart || runDate > w.weekEnd || w.runs === 0,
      ),
    ).toBe(true);
  });
});
