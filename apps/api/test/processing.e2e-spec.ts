import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import type {
  FindingsResponse,
  Page,
  ActivitySummary,
  UploadView,
  WeeksResponse,
} from '@loadwatch/shared/contracts';
import { DRIVERS } from '@loadwatch/testing';
import { deviceFile, drain, recentRuns, uploadFiles } from './support/owner-training';
import { registerUser, startTestApp, type TestApp, type TestUser } from './support/test-app';

jest.setTimeout(120_000);

const BAD_CRC = resolve(
  __dirname,
  '../../../libs/domain/fit/test/fixtures/not-ok/fitparse-invalid-bad-crc.fit',
);

describe.each(DRIVERS)('uploads to findings through the API on %s', (driver) => {
  let testApp: TestApp;
  let runner: TestUser;

  beforeAll(async () => {
    testApp = await startTestApp(driver);
    runner = await registerUser(testApp.server, 'athlete', 'Runner');
    await request(testApp.server)
      .patch('/api/me')
      .set(runner.auth)
      .send({ timeZone: 'Europe/London' })
      .expect(200);
  });
  afterAll(() => testApp?.close());

  it('answers 202 at once, then processes real FIT files into activities, weeks and findings', async () => {
    const runs = recentRuns();
    const accepted = await uploadFiles(testApp.server, runner, [
      ...runs,
      deviceFile(),
      { name: 'broken.fit', bytes: readFileSync(BAD_CRC) },
    ]);
    expect(accepted.uploads.map((u) => u.status)).toEqual(Array(6).fill('received'));

    await drain(testApp);

    const statuses = await Promise.all(
      accepted.uploads.map(async (u) => {
        const view = (await request(testApp.server).get(`/api/uploads/${u.id}`).set(runner.auth).expect(200))
          .body as UploadView;
        return [view.fileName, view.status, view.reason] as const;
      }),
    );
    expect(statuses.slice(0, 5).map(([, status]) => status)).toEqual(Array(5).fill('processed'));
    expect(statuses[5]).toEqual(['broken.fit', 'rejected', expect.stringMatching(/CRC/)]);

    const activities = (await request(testApp.server).get('/api/activities').set(runner.auth).expect(200))
      .body as Page<ActivitySummary>;
    expect(activities.total).toBe(5);

    const weeks = (await request(testApp.server).get('/api/weeks').set(runner.auth).expect(200))
      .body as WeeksResponse;
    // Four runs of 8, 8, 8 and 12 km plus the Forerunner 110's 4.8 km run of 2013, each in its week.
    const weekly = weeks.weeks.reduce((sum, w) => sum + w.distanceM, 0);
    expect(weekly).toBeCloseTo(36000 + 4835.4, -1);
    expect(weeks.weeks[0].weekStart).toBe('2013-02-04');

    const findings = (await request(testApp.server).get('/api/findings').set(runner.auth).expect(200))
      .body as FindingsResponse;
    const spike = findings.findings.find((f) => f.rule === 'R01');
    expect(spike).toMatchObject({ severity: 'caution', anchor: { kind: 'run' }, status: 'open' });
    expect(spike?.evidence).toMatchObject({ spike: 1.5 });
  });

  it('counts the same bytes once, as a duplicate of the first upload', async () => {
    const [first] = recentRuns();
    const again = await uploadFiles(testApp.server, runner, [first]);
    expect(again.uploads[0].status).toBe('duplicate');
    await drain(testApp);
    const activities = (await request(testApp.server).get('/api/activities').set(runner.auth).expect(200))
      .body as Page<ActivitySummary>;
    expect(activities.total).toBe(5);
  });

  it('retracts the spike finding when its run is deleted, keeping it with the reason', async () => {
    const before = (await request(testApp.server).get('/api/findings').set(runner.auth).expect(200))
      .body as FindingsResponse;
    const spike = before.findings.find((f) => f.rule === 'R01');
    const runId = spike?.anchor.id as string;
    await request(testApp.server).delete(`/api/activities/${runId}`).set(runner.auth).expect(204);
    await drain(testApp);
    const after = (await request(testApp.server).get('/api/findings?status=all').set(runner.auth).expect(200))
      .body as FindingsResponse;
    expect(after.findings.find((f) => f.id === spike?.id)).toMatchObject({
      status: 'retracted',
      retractedReason: expect.stringContaining(runId),
    });
  });
});
