import 'reflect-metadata';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@loadwatch/data-access/db';
import { PlatformModule } from '@loadwatch/feature/platform';
import { loadConfig, type AppConfig } from '@loadwatch/shared/config';
import type { CommandIo } from '../analyze/analyze.command';
import { StderrLogger } from '../stderr-logger';
import { UsageError } from '../usage-error';
import { readSampleFiles } from './demo-files';
import { DEMO_COACH, DEMO_PASSWORD, planDemo } from './demo-plan';
import { DemoSeeder } from './demo-seeder';
import { formatSeedSummary } from './demo-summary';

export interface SeedDemoOptions {
  reset?: boolean;
  samples?: string;
  verbose?: boolean;
}

/** The bundled CLI lives in dist/apps/cli; the real sample files in samples/fit of the repository. */
const DEFAULT_SAMPLES = resolve(__dirname, '../../../samples/fit');

/**
 * `loadwatch seed-demo`: a demo coach and athletes on the configured database, through the application's
 * services in an application context (no HTTP), with the job queue drained before it returns. Does nothing
 * when the demo coach exists, unless `--reset` deletes the demo accounts first.
 */
export async function runSeedDemoCommand(options: SeedDemoOptions, io: CommandIo): Promise<number> {
  const started = performance.now();
  const config = loadConfig();
  const samplesDir = samplesDirOf(options.samples);
  const sampleFiles = await readSampleFiles(samplesDir);
  if (sampleFiles.length === 0) throw new UsageError(`No FIT files in ${samplesDir}`);
  const where = config.db.type === 'postgres' ? 'PostgreSQL' : `SQLite at ${config.db.path}`;
  await checkDatabase(config, where);

  const app = await NestFactory.createApplicationContext(PlatformModule.with(config), {
    logger: new StderrLogger(io.stderr, options.verbose === true),
    abortOnError: false,
  });
  try {
    const seeder = new DemoSeeder(app);
    const plan = planDemo(Date.now());
    const removed = options.reset ? await seeder.reset(plan) : 0;
    if (!options.reset && (await seeder.isSeeded())) {
      io.stdout.write(
        `The demo is already seeded in ${where}: sign in as ${DEMO_COACH.email} with the password ` +
          `${DEMO_PASSWORD}. Run \`loadwatch seed-demo --reset\` to seed it again.\n`,
      );
      return 0;
    }
    const result = await seeder.seed(plan, sampleFiles);
    io.stdout.write(
      formatSeedSummary(result, {
        where,
        elapsedMs: performance.now() - started,
        publicUrl: config.publicUrl,
        removed,
      }),
    );
    if (options.verbose) io.stderr.write(`Phases (ms): ${JSON.stringify(result.timings)}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

function samplesDirOf(option: string | undefined): string {
  if (option !== undefined) {
    const dir = resolve(option);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`--samples: ${option} is not a folder`);
    }
    return dir;
  }
  if (!existsSync(DEFAULT_SAMPLES)) {
    throw new Error(`The sample FIT files are not at ${DEFAULT_SAMPLES}: pass --samples <dir>.`);
  }
  return DEFAULT_SAMPLES;
}

/**
 * Fails fast, before the application boots (whose database module retries a refused connection for half a
 * minute), when the database cannot be reached or, where start-up does not migrate it, has pending
 * migrations.
 */
async function checkDatabase(config: AppConfig, where: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(config.db));
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new Error(`Cannot open the database (${where}): ${(error as Error).message}`);
  }
  try {
    if (!config.db.runMigrations && (await dataSource.showMigrations())) {
      throw new Error(`${where} has pending migrations: run \`loadwatch migrate\` first.`);
    }
  } finally {
    await dataSource.destroy();
  }
}
