import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { JOB_NAMES, JobRegistry } from '@loadwatch/data-access/queue';
import { createTestDatabase, DRIVERS, testConfig } from '@loadwatch/testing';
import { PlatformModule } from '../src';

describe.each(DRIVERS)('PlatformModule on %s', (driver) => {
  it('boots without HTTP, migrates, and has exactly one handler for every job', async () => {
    const database = await createTestDatabase(driver);
    const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-platform-'));
    const context = await NestFactory.createApplicationContext(
      PlatformModule.with(testConfig(database.db, dataDir)),
      {
        logger: false,
      },
    );
    try {
      await context.init();
      const registry = context.get(JobRegistry);
      for (const name of JOB_NAMES) expect(registry.get(name)).toEqual(expect.any(Function));
      expect(() => registry.assertComplete()).not.toThrow();
    } finally {
      await context.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
