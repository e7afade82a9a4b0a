import type { JobName } from '@loadwatch/data-access/queue';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { IngestionModule } from '@loadwatch/feature/ingestion';
import { CLOCK, LoadModule } from '@loadwatch/feature/load';
import { RulesModule } from '@loadwatch/feature/rules';
import type { DriverName } from '@loadwatch/testing';
import { createFeatureTestApp, type FeatureTestApp } from '@loadwatch/testing-app';
import { AlertsModule } from '../../src';

/** The jobs the modules composed here handle. */
const COMPOSED_JOBS: readonly JobName[] = [
  'ingest-fit',
  'recompute-load',
  'evaluate-rules',
  'notify-finding',
  'send-alert',
  'send-invitation',
  'send-redirect-confirmation',
  'send-redirect-notice',
  'digest-page',
  'weekly-digest',
];

export interface TestApp extends FeatureTestApp {
  /** The clock every service reads; tests move it. */
  clock: { nowMs: number; now(): number };
}

/**
 * The training modules, the athletes module (/api/me) and the alerts module on a real database of the
 * driver, the inline queue, the API's validation pipe, and a real SMTP server at `smtpUrl` (`env`: more
 * settings).
 */
export async function createTestApp(
  driver: DriverName,
  smtpUrl: string | null,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const clock = { nowMs: Date.now(), now: () => clock.nowMs };
  const app = await createFeatureTestApp(driver, {
    name: 'alerts',
    modules: [AthletesModule, IngestionModule, LoadModule, RulesModule, AlertsModule],
    composedJobs: COMPOSED_JOBS,
    env: {
      MAIL_FROM: 'Loadwatch <alerts@loadwatch.test>',
      PUBLIC_URL: 'http://app.loadwatch.test',
      ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
      ...env,
    },
    overrides: [{ provide: CLOCK, useValue: clock }],
    validation: true,
  });
  return { ...app, clock };
}
