import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import type { FindingsResponse, Page, ActivitySummary, UploadsAccepted } from '@loadwatch/shared/contracts';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import type { TestApp, TestUser } from './test-app';

const EASY = 1000 / 330; // 5:30/km

/** A real device file committed with the FIT fixtures (Garmin Forerunner 110, MIT licence). */
export const DEVICE_FILE = resolve(
  __dirname,
  '../../../../libs/domain/fit/test/fixtures/ok/fitparse-garmin-fr110-running-01.fit',
);

/** Four recent runs, 8, 8, 8 and 12 km, so the last one is a session spike of 1.5 (R01). */
export function recentRuns(now = new Date()): { name: string; bytes: Uint8Array }[] {
  const day = 24 * 3600 * 1000;
  return [10, 8, 6, 3].map((daysAgo, i) => {
    const start = new Date(Math.floor((now.getTime() - daysAgo * day) / day) * day + 7 * 3600 * 1000);
    const km = i === 3 ? 12 : 8;
    return {
      name: `run-${i}.fit`,
      bytes: encodeActivityFit({
        start,
        utcOffsetS: 0,
        segments: [{ distanceM: km * 1000, speedMps: EASY }],
      }),
    };
  });
}

export async function drain(testApp: TestApp): Promise<void> {
  await testApp.app.get<JobQueue>(JOB_QUEUE).drain();
}

export async function uploadFiles(server: App, user: TestUser, files: { name: string; bytes: Uint8Array }[]) {
  let call = request(server).post('/api/uploads').set(user.auth);
  for (const file of files) call = call.attach('files', Buffer.from(file.bytes), file.name);
  const response = await call.expect(202);
  return response.body as UploadsAccepted;
}

export interface OwnerTraining {
  uploadId: string;
  activityId: string;
  symptomId: string;
  loadFindingId: string;
  healthFindingId: string;
}

/**
 * Gives an athlete real training data through the API, processed: four runs (one an R01 spike), a back-pain
 * log and a risk profile with vitamin D 18 ng/mL (R18, a health finding).
 */
export async function giveTraining(testApp: TestApp, user: TestUser): Promise<OwnerTraining> {
  const server = testApp.server;
  const accepted = await uploadFiles(server, user, recentRuns());
  const today = new Date().toISOString().slice(0, 10);
  const symptom = await request(server)
    .post('/api/symptoms')
    .set(user.auth)
    .send({ date: today, region: 'low_back', side: 'central', severity: 2, when: 'after_run' })
    .expect(201);
  await request(server)
    .put('/api/risk-profile')
    .set(user.auth)
    .send({ date: today, vitamin_d: { value: 18, unit: 'ng/mL', date: today } })
    .expect(200);
  await drain(testApp);
  const activities = await request(server).get('/api/activities').set(user.auth).expect(200);
  const findings = (await request(server).get('/api/findings').set(user.auth).expect(200))
    .body as FindingsResponse;
  const load = findings.findings.find((f) => f.rule === 'R01');
  const health = findings.findings.find((f) => f.rule === 'R18');
  if (!load || !health)
    throw new Error(`expected R01 and R18, got ${findings.findings.map((f) => f.rule).join(', ')}`);
  return {
    uploadId: accepted.uploads[0].id,
    activityId: (activities.body as Page<ActivitySummary>).items[0].id,
    symptomId: symptom.body.id,
    loadFindingId: load.id,
    healthFindingId: health.id,
  };
}

export function deviceFile(): { name: string; bytes: Uint8Array } {
  return { name: 'fr110.fit', bytes: readFileSync(DEVICE_FILE) };
}
