import { join } from 'node:path';
import type { AppConfig } from '@loadwatch/shared/config';

export const TEST_JWT_SECRET = 'loadwatch-e2e-secret-0123456789abcdef';
/** Signs the test configuration's unsubscribe links. */
export const TEST_MAIL_SECRET = 'loadwatch-test-email-secret-0123456789';

/** A configuration as loadConfig would give it, on a given database and a temporary data folder. */
export function testConfig(db: AppConfig['db'], dataDir: string, over: Partial<AppConfig> = {}): AppConfig {
  return {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    dataDir,
    db,
    queue: { driver: 'inline' },
    auth: { jwtSecret: TEST_JWT_SECRET, accessTokenTtlS: 900, refreshTokenTtlS: 3600 },
    uploads: { maxBytes: 8 * 1024 * 1024, dir: join(dataDir, 'uploads') },
    publicUrl: 'http://localhost:3000',
    connections: { tokenKey: Buffer.alloc(32, 7), strava: null },
    mail: {
      smtpUrl: null,
      from: 'Loadwatch <loadwatch@example.test>',
      outboxDir: join(dataDir, 'outbox'),
      secret: TEST_MAIL_SECRET,
      digestTickMs: 15 * 60 * 1000,
      digestDue: { weekday: 1, hour: 7 },
      digestPageSize: 500,
      reconcileMs: 5 * 60 * 1000,
    },
    ...over,
  };
}
