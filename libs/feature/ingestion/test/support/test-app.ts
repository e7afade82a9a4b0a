import type { UserEntity } from '@loadwatch/data-access/db';
import type { JobName } from '@loadwatch/data-access/queue';
import { CLOCK, LoadModule, type Clock } from '@loadwatch/feature/load';
import type { DriverName } from '@loadwatch/testing';
import { createFeatureTestApp, type FeatureTestApp } from '@loadwatch/testing-app';
import { IngestionModule } from '../../src';

/** The jobs the ingestion and load modules handle themselves. */
const OWN_JOBS: readonly JobName[] = ['ingest-fit', 'recompute-load'];

export interface TestApp extends FeatureTestApp {
  athlete(over?: Partial<UserEntity>): Promise<UserEntity>;
}

/** The ingestion and load modules on a real database of the given driver, with the inline queue. */
export async function createTestApp(
  driver: DriverName,
  options: { maxBytes?: number; clock?: Clock } = {},
): Promise<TestApp> {
  const app = await createFeatureTestApp(driver, {
    name: 'ingestion',
    modules: [IngestionModule, LoadModule],
    composedJobs: OWN_JOBS,
    configure: (config) => ({
      ...config,
      uploads: { ...config.uploads, maxBytes: options.maxBytes ?? config.uploads.maxBytes },
    }),
    overrides: options.clock ? [{ provide: CLOCK, useValue: options.clock }] : [],
  });
  return { ...app, athlete: app.user };
}
