// The in-process half of `npm run bench:roster` (bench/roster.mjs builds it with the apps' build and runs it):
// a coach's roster read on the embedded default (SQLite, the inline queue). Two coaches of
// BENCH_ROSTER_ATHLETES athletes each, every athlete with about two years of runs (4-5 a week) and their record
// streams: half of the first coach's athletes have a few runs that came only from Strava, the second coach's
// athletes have none (the baseline, same run). Prints one JSON document on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  ActivityEntity,
  ActivityStreamEntity,
  CoachLinkEntity,
  FindingEntity,
  UserEntity,
  WeeklyMetricEntity,
} from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import type { RecordStream } from '@loadwatch/domain/activity';
import type { AuthUser } from '@loadwatch/feature/auth';
import { RosterService } from '@loadwatch/feature/load';
import { PlatformModule } from '@loadwatch/feature/platform';
import { loadConfig } from '@loadwatch/shared/config';

const ATHLETES = Number(process.env['BENCH_ROSTER_ATHLETES'] ?? 30);
const WEEKS = Number(process.env['BENCH_ROSTER_WEEKS'] ?? 104);
const READS = Number(process.env['BENCH_ROSTER_READS'] ?? 7);
/** Seconds between records: a watch's smart recording. */
const RECORD_S = Number(process.env['BENCH_ROSTER_RECORD_S'] ?? 5);
/** Strava-only runs of each athlete that has some: days before now. */
const STRAVA_ONLY_DAYS_AGO = [40, 10, 0];

const DAY_MS = 86_400_000;
const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (kind: number, n: number) =>
  `00000000-0000-4000-8${String(kind).padStart(3, '0')}-${String(n).padStart(12, '0')}`;

interface Run {
  startMs: number;
  distanceM: number;
  /** Steady speed, with a faster middle third on a workout. */
  speedMps: number;
  workout: boolean;
}

/** About two years of runs ending now: 4-5 a week, a long run at the weekend, a workout most weeks. */
function historyOf(seed: number, nowMs: number): Run[] {
  const rng = mulberry32(seed);
  const runs: Run[] = [];
  const firstDay = Math.floor(nowMs / DAY_MS) - WEEKS * 7 + 1;
  for (let week = 0; week < WEEKS; week++) {
    const days = [0, 1, 2, 3, 4, 5, 6].sort(() => rng() - 0.5).slice(0, rng() < 0.5 ? 4 : 5);
    for (const [i, offset] of days.sort((a, b) => a - b).entries()) {
      const startMs = (firstDay + week * 7 + offset) * DAY_MS + (6 + Math.floor(rng() * 3)) * 3_600_000;
      if (startMs > nowMs - 3_600_000) continue;
      const long = i === days.length - 1;
      runs.push({
        startMs,
        distanceM: Math.round(long ? 16_000 + rng() * 8000 : 6000 + rng() * 6000),
        speedMps: 2.9 + rng() * 0.5,
        workout: i === 1 && rng() < 0.8,
      });
    }
  }
  return runs;
}

function streamOf(run: Run): RecordStream {
  const stream: RecordStream = {
    timeS: [],
    distanceM: [],
    speedMps: [],
    altitudeM: [],
    heartRateBpm: [],
    cadenceSpm: [],
  };
  const durationS = run.distanceM / run.speedMps;
  let distanceM = 0;
  for (let t = 0; distanceM < run.distanceM; t += RECORD_S) {
    const fast = run.workout && t > durationS / 3 && t < (2 * durationS) / 3;
    const speed = fast ? run.speedMps * 1.3 : run.speedMps;
    stream.timeS.push(t);
    stream.distanceM.push(Math.round(distanceM * 10) / 10);
    stream.speedMps.push(Math.round(speed * 100) / 100);
    stream.altitudeM.push(Math.round((100 + 20 * Math.sin(t / 300)) * 10) / 10);
    stream.heartRateBpm.push(fast ? 168 : 145);
    stream.cadenceSpm.push(fast ? 182 : 172);
    distanceM += speed * RECORD_S;
  }
  return stream;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-bench-roster-'));
  const nowMs = Date.now();
  const config = loadConfig({
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    JWT_SECRET: 'b'.repeat(40),
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.createApplicationContext(PlatformModule.with(config), { logger: false });
  try {
    const dataSource = app.get(DataSource);
    const queue = app.get<JobQueue>(JOB_QUEUE);

    // Two coaches: the first with athletes of whom half have Strava-only runs, the second (the baseline) with
    // athletes of the same histories and none.
    let started = process.hrtime.bigint();
    const coaches: AuthUser[] = [0, 1].map((c) => ({
      id: uuid(1, c),
      email: `coach-${c}@bench.test`,
      role: 'coach',
    }));
    const user = (id: string, email: string, role: string) => ({
      id,
      email,
      passwordHash: 'x',
      role,
      displayName: email.split('@')[0],
      timeZone: 'UTC',
      weekStart: 'monday',
      units: 'km',
      thresholdPaceSPerKm: 270,
      maxHeartRateBpm: null,
      returnToRun: null,
      rulesConfig: null,
      emailPreferences: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    });
    await dataSource
      .getRepository(UserEntity)
      .insert(coaches.map((c) => user(c.id, c.email, 'coach')) as UserEntity[]);
    const athleteIds: string[] = [];
    let runs = 0;
    let stravaOnly = 0;
    for (const [c, coach] of coaches.entries()) {
      for (let n = 0; n < ATHLETES; n++) {
        const id = uuid(2 + c, n);
        athleteIds.push(id);
        const withStrava = c === 0 && n % 2 === 0;
        const history = historyOf(1000 + n, nowMs);
        const extra = withStrava
          ? STRAVA_ONLY_DAYS_AGO.map((days) => ({
              startMs: nowMs - days * DAY_MS - 2 * 3_600_000,
              distanceM: 10_000,
              speedMps: 3.2,
              workout: false,
            }))
          : [];
        await dataSource.transaction(async (manager) => {
          await manager
            .getRepository(UserEntity)
            .insert(user(id, `athlete-${c}-${n}@bench.test`, 'athlete') as UserEntity);
          await manager.getRepository(CoachLinkEntity).insert({
            id: uuid(4 + c, n),
            coachId: coach.id,
            athleteId: id,
            inviteEmail: `athlete-${c}-${n}@bench.test`,
            inviteTokenHash: `${c}${String(n).padStart(8, '0')}`.padEnd(64, 'f'),
            status: 'accepted',
            healthAccess: n % 3 === 0,
            createdAtMs: nowMs,
            acceptedAtMs: nowMs,
            revokedAtMs: null,
          });
          const all = [
            ...history.map((run) => ({ run, source: 'fit' as const })),
            ...extra.map((run) => ({ run, source: 'strava' as const })),
          ];
          for (let i = 0; i < all.length; i += 100) {
            const batch = all.slice(i, i + 100).map(({ run, source }, j) => {
              const activityId = uuid(6 + c, n * 10_000 + i + j);
              const stream = streamOf(run);
              const activity = {
                id: activityId,
                athleteId: id,
                sourceKey: `${source}:${activityId}`,
                source,
                uploadId: null,
                sport: source === 'strava' ? 'Run' : 'running',
                subSport: null,
                sportClass: 'running',
                startMs: run.startMs,
                utcOffsetS: 0,
                localDate: new Date(run.startMs).toISOString().slice(0, 10),
                distanceM: run.distanceM,
                movingTimeS: run.distanceM / run.speedMps,
                elapsedTimeS: run.distanceM / run.speedMps + 30,
                ascentM: 60,
                descentM: 60,
                avgHeartRateBpm: 150,
                avgCadenceSpm: 174,
                laps: [],
                device: null,
                recordCount: stream.timeS.length,
                createdAtMs: nowMs,
                updatedAtMs: nowMs,
              };
              return { activity, stream: { activityId, stream } };
            });
            await manager
              .getRepository(ActivityEntity)
              .insert(batch.map((b) => b.activity) as ActivityEntity[]);
            await manager.getRepository(ActivityStreamEntity).insert(batch.map((b) => b.stream));
          }
          runs += all.length;
          stravaOnly += extra.length;
        });
      }
    }
    const seedMs = ms(started);

    // The stored weeks (and findings) every athlete has after an upload: recompute-load, evaluate-rules.
    started = process.hrtime.bigint();
    for (const athleteId of athleteIds) await queue.enqueue('recompute-load', { athleteId });
    await queue.drain();
    const recomputeMs = ms(started);
    const weeks = await dataSource.getRepository(WeeklyMetricEntity).count();
    const findings = await dataSource.getRepository(FindingEntity).count();

    const roster = app.get(RosterService);
    const read = async (coach: AuthUser) => {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < READS + 1; i++) {
        const begun = process.hrtime.bigint();
        const { athletes } = await roster.list(coach, nowMs);
        // The first read warms the caches and the statements: not counted.
        if (i > 0) times.push(ms(begun));
        rows = athletes.length;
      }
      return {
        rows,
        medianMs: round(median(times), 1),
        minMs: round(Math.min(...times), 1),
        maxMs: round(Math.max(...times), 1),
      };
    };
    const withStravaOnly = await read(coaches[0]);
    const baseline = await read(coaches[1]);

    process.stdout.write(
      JSON.stringify(
        {
          athletesPerCoach: ATHLETES,
          athletesWithStravaOnlyRuns: Math.ceil(ATHLETES / 2),
          stravaOnlyRunsEach: STRAVA_ONLY_DAYS_AGO.length,
          weeksOfHistory: WEEKS,
          recordEverySeconds: RECORD_S,
          reads: READS,
          driver: { db: config.db.type, queue: config.queue.driver },
          seed: { seconds: round(seedMs / 1000), activities: runs, stravaOnly },
          recomputeAll: { seconds: round(recomputeMs / 1000), weeks, findings },
          rosterRead: {
            withStravaOnlyRuns: withStravaOnly,
            baselineNoStravaOnlyRuns: baseline,
            ratio: round(withStravaOnly.medianMs / baseline.medianMs, 2),
          },
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
