import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ActivityEntity,
  ActivityStreamEntity,
  UploadEntity,
  type UploadStatus,
} from '@loadwatch/data-access/db';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import type { UploadsAccepted } from '@loadwatch/shared/contracts';
import type { Stack } from './stack';

// eslint-disable-next-line @nx/enforce-module-boundaries
export { registerUser, type TestUser } from '../../../api/test/support/test-app';

const DAY_MS = 24 * 3600 * 1000;

/** Small, distinct FIT runs (a record every 10 s), one a day back from today, the last one longer (a spike). */
export function runFiles(count: number, tag = 'run'): { name: string; bytes: Uint8Array }[] {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  return Array.from({ length: count }, (_, i) => ({
    name: `${tag}-${i}.fit`,
    bytes: encodeActivityFit({
      start: new Date(today - (count - i) * DAY_MS + 7 * 3600 * 1000 + (i % 60) * 1000),
      utcOffsetS: 0,
      segments: [{ distanceM: i === count - 1 ? 12_000 : 2000 + (i % 7) * 10, speedMps: 3 }],
      recordEveryS: 10,
    }),
  }));
}

/** POST /api/uploads with the files; every upload must be answered 202. */
export async function upload(
  stack: Stack,
  auth: Record<string, string>,
  files: { name: string; bytes: Uint8Array }[],
): Promise<UploadsAccepted> {
  let call = request(stack.server).post('/api/uploads').set(auth);
  for (const file of files) call = call.attach('files', Buffer.from(file.bytes), file.name);
  return (await call.expect(202)).body as UploadsAccepted;
}

export async function statusCounts(
  stack: Stack,
  athleteId?: string,
): Promise<Partial<Record<UploadStatus, number>>> {
  const rows = await stack.app
    .get(DataSource)
    .getRepository(UploadEntity)
    .find({ where: athleteId ? { athleteId } : {}, select: { id: true, status: true } });
  const counts: Partial<Record<UploadStatus, number>> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts;
}

/** What the database holds of activities: rows, distinct natural keys, rows without their stream. */
export async function activityFacts(
  stack: Stack,
): Promise<{ rows: number; keys: number; withoutStream: number }> {
  const dataSource = stack.app.get(DataSource);
  const rows = await dataSource
    .getRepository(ActivityEntity)
    .find({ select: { id: true, athleteId: true, sourceKey: true } });
  const streams = new Set(
    (await dataSource.getRepository(ActivityStreamEntity).find({ select: { activityId: true } })).map(
      (s) => s.activityId,
    ),
  );
  return {
    rows: rows.length,
    keys: new Set(rows.map((r) => `${r.athleteId}/${r.sourceKey}`)).size,
    withoutStream: rows.filter((r) => !streams.has(r.id)).length,
  };
}

/** Polls until `done` holds; the deadline only guards against a hang, it is not what the test asserts. */
export async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting for ${what}; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
