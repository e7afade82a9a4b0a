// The in-process half of `npm run bench:digest` (bench/digest.mjs builds it with the apps' build and runs
// it): the weekly digest fan-out of BENCH_DIGEST_ATHLETES accounts on the embedded default (SQLite, the
// inline queue, .eml files to a temporary outbox). Prints one JSON document on stdout.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  DigestRepository,
  EmailDeliveryEntity,
  UserEntity,
  WeeklyMetricEntity,
} from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { addDays, DigestJobs, lastCompleteWeek } from '@loadwatch/feature/alerts';
import { PlatformModule } from '@loadwatch/feature/platform';
import { loadConfig } from '@loadwatch/shared/config';

const ATHLETES = Number(process.env['BENCH_DIGEST_ATHLETES'] ?? 10_000);
const WEEKS = 8;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-bench-digest-'));
  const nowMs = Date.now();
  // Due now for accounts in UTC: today's weekday from 00:00 (the fan-out is the production one).
  const config = loadConfig({
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    JWT_SECRET: 'b'.repeat(40),
    LOG_LEVEL: 'silent',
    DIGEST_WEEKDAY: WEEKDAYS[(new Date(nowMs).getUTCDay() + 6) % 7],
    DIGEST_HOUR: '0',
  });
  const app = await NestFactory.createApplicationContext(PlatformModule.with(config), { logger: false });
  try {
    const dataSource = app.get(DataSource);
    const week = lastCompleteWeek(nowMs, 'UTC', 'monday');

    let started = process.hrtime.bigint();
    const ids: string[] = [];
    for (let offset = 0; offset < ATHLETES; offset += 500) {
      const users = Array.from({ length: Math.min(500, ATHLETES - offset) }, (_, i) => {
        const n = offset + i;
        const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
        ids.push(id);
        return {
          id,
          email: `athlete-${n}@bench.test`,
          passwordHash: 'x',
          role: 'athlete',
          displayName: `Athlete ${n}`,
          timeZone: 'UTC',
          weekStart: 'monday',
          units: 'km',
          thresholdPaceSPerKm: null,
          maxHeartRateBpm: null,
          returnToRun: null,
          rulesConfig: null,
          emailPreferences: null,
          createdAtMs: nowMs,
          updatedAtMs: nowMs,
        };
      });
      const weeks = users.flatMap((user, i) =>
        Array.from({ length: WEEKS }, (_, w) => {
          const weekStart = addDays(week, -7 * w);
          const distanceM = 20_000 + ((offset + i) % 17) * 1000 + w * 500;
          return {
            athleteId: user.id,
            weekStart,
            runs: 4,
            distanceM,
            ramp: 0.08,
            ramp4: 0.04,
            speedShare: 0.12,
            coverage: 0.95,
            speedMethod: 'threshold-pace',
            complete: true,
            metrics: { weekStart, longestM: distanceM / 3 },
            computedAtMs: nowMs,
          };
        }),
      );
      await dataSource.transaction(async (manager) => {
        await manager.getRepository(UserEntity).insert(users as UserEntity[]);
        for (let i = 0; i < weeks.length; i += 500) {
          await manager
            .getRepository(WeeklyMetricEntity)
            .insert(weeks.slice(i, i + 500) as WeeklyMetricEntity[]);
        }
      });
    }
    const seedMs = ms(started);

    // Baseline: reading every page of recipients, what the fan-out does before any digest.
    const pageSize = config.mail.digestPageSize;
    const recipients = app.get(DigestRepository);
    started = process.hrtime.bigint();
    let read = 0;
    let pages = 0;
    for (let afterId: string | null = null; ; pages++) {
      const page = await recipients.recipientsPage(afterId, pageSize);
      read += page.length;
      if (page.length < pageSize) {
        pages++;
        break;
      }
      afterId = page[page.length - 1].id;
    }
    const readPagesMs = ms(started);

    // Compose and render every digest (the database reads and the HTML and text), nothing sent or recorded.
    const digests = app.get(DigestJobs);
    started = process.hrtime.bigint();
    let rendered = 0;
    let bytes = 0;
    for (const id of ids) {
      const composed = await digests.compose('weekly-digest', id, week);
      if ('mail' in composed) {
        rendered++;
        bytes += composed.mail.html.length + composed.mail.text.length;
      }
    }
    const composeMs = ms(started);

    // The whole fan-out: the tick, the page jobs, one weekly-digest job each (ledger claim, .eml written).
    const queue = app.get<JobQueue>(JOB_QUEUE);
    started = process.hrtime.bigint();
    await digests.tick(nowMs);
    await queue.drain();
    const fanOutMs = ms(started);
    const sent = await dataSource.getRepository(EmailDeliveryEntity).countBy({ status: 'sent' });
    const outboxFiles = readdirSync(config.mail.outboxDir).filter((name) => name.endsWith('.eml')).length;

    // A second tick the same day: every page read again, every digest already in the ledger.
    started = process.hrtime.bigint();
    await digests.tick(nowMs + config.mail.digestTickMs);
    await queue.drain();
    const repeatTickMs = ms(started);
    const sentAfterRepeat = await dataSource.getRepository(EmailDeliveryEntity).countBy({ status: 'sent' });

    process.stdout.write(
      JSON.stringify(
        {
          athletes: ATHLETES,
          weeksPerAthlete: WEEKS,
          pageSize,
          driver: { db: config.db.type, queue: config.queue.driver, mail: 'outbox (.eml, temporary folder)' },
          seed: { seconds: round(seedMs / 1000) },
          baselineReadRecipientPages: {
            pages,
            accounts: read,
            seconds: round(readPagesMs / 1000),
            perAccountMs: round(readPagesMs / read, 4),
          },
          composeAndRender: {
            digests: rendered,
            seconds: round(composeMs / 1000),
            perDigestMs: round(composeMs / rendered),
            averageBytes: Math.round(bytes / rendered),
            timesBaselinePerAccount: round(composeMs / rendered / (readPagesMs / read), 1),
          },
          fanOut: {
            sent,
            outboxFiles,
            seconds: round(fanOutMs / 1000),
            perDigestMs: round(fanOutMs / Math.max(sent, 1)),
            digestsPerSecond: round(sent / (fanOutMs / 1000), 1),
          },
          repeatTick: { seconds: round(repeatTickMs / 1000), newlySent: sentAfterRepeat - sent },
        },
        null,
        2,
      ) + '\n',
    );
    if (sent !== ATHLETES || outboxFiles !== ATHLETES || sentAfterRepeat !== sent) process.exitCode = 1;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
