import type { UserEntity } from '@loadwatch/data-access/db';
import type { JobName } from '@loadwatch/data-access/queue';
import { IngestionModule } from '@loadwatch/feature/ingestion';
import { CLOCK, LoadModule, type Clock } from '@loadwatch/feature/load';
import type { DriverName } from '@loadwatch/testing';
import { createFeatureTestApp, type FeatureTestApp } from '@loadwatch/testing-app';
import { RulesModule } from '../../src';

/** The jobs of the modules composed here. */
const COMPOSED_JOBS: readonly JobName[] = ['ingest-fit', 'recompute-load', 'evaluate-rules'];

export interface TestApp extends FeatureTestApp {
  athlete(over?: Partial<UserEntity>): Promise<UserEntity>;
}

/** The three training modules on a real database of the given driver, with the inline queue. */
export async function createTestApp(
  driver: DriverName,
  options: { maxBytes?: number; clock?: Clock } = {},
): Promise<TestApp> {
  const app = await createFeatureTestApp(driver, {
    name: 'rules',
    modules: [IngestionModule, LoadModule, RulesModule],
    composedJobs: COMPOSED_JOBS,
    configure: (config) => ({
      ...config,
      uploads: { ...config.uploads, maxBytes: options.maxBytes ?? config.uploads.maxBytes },
    }),
    overrides: options.clock ? [{ provide: CLOCK, useValue: options.clock }] : [],
  });
  return { ...app, athlete: app.user };
}
