import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { UserRole } from '@loadwatch/data-access/db';
import type { AppConfig } from '@loadwatch/shared/config';
import type { AuthTokensResponse } from '@loadwatch/shared/contracts';
import { createTestDatabase, testConfig, type DriverName, type StravaStandIn } from '@loadwatch/testing';

export { TEST_JWT_SECRET, testConfig } from '@loadwatch/testing';
import { createApp, type CreateAppOptions } from '../../src/app/create-app';

export interface TestApp {
  app: NestExpressApplication;
  server: App;
  config: AppConfig;
  close(): Promise<void>;
}

/** The whole application on a fresh database of the driver (one per test file), not listening. */
export async function startTestApp(
  driver: DriverName,
  options: CreateAppOptions & { config?: Partial<AppConfig> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(driver);
  const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-api-'));
  const config = testConfig(database.db, dataDir, options.config);
  // Tests register many accounts from one address: a high limit, unless a test is about the limit.
  const app = await createApp(config, { authThrottle: { limit: 1000, ttlMs: 60_000 }, ...options });
  return {
    app,
    server: app.getHttpServer(),
    config,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  role: UserRole;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

let counter = 0;

/** A new account of the role, signed in. */
export async function registerUser(
  server: App,
  role: 'athlete' | 'coach' = 'athlete',
  displayName?: string,
): Promise<TestUser> {
  const email = `${role}-${process.pid}-${++counter}-${Date.now()}@example.test`;
  const response = await request(server)
    .post('/api/auth/register')
    .send({ email, password: 'correct horse battery', role, ...(displayName ? { displayName } : {}) })
    .expect(201);
  const tokens = response.body as AuthTokensResponse;
  return {
    id: tokens.user.id,
    email,
    role,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    auth: { Authorization: `Bearer ${tokens.accessToken}` },
  };
}

/** Coach invites athlete, athlete accepts; optionally grants health-data access. Returns the link id. */
export async function linkCoach(
  server: App,
  coach: TestUser,
  athlete: TestUser,
  healthAccess = false,
): Promise<string> {
  const invitation = await request(server)
    .post('/api/coach/invitations')
    .set(coach.auth)
    .send({ email: athlete.email })
    .expect(201);
  await request(server)
    .post(`/api/invitations/${invitation.body.token}/accept`)
    .set(athlete.auth)
    .expect(200);
  const linkId: string = invitation.body.link.id;
  if (healthAccess) {
    await request(server)
      .patch(`/api/coach-links/${linkId}`)
      .set(athlete.auth)
      .send({ healthAccess: true })
      .expect(200);
  }
  return linkId;
}

/** Connections configured for Strava only, against a stand-in on 127.0.0.1 (the default read budget). */
export function stravaStandInConnections(
  stand: Pick<StravaStandIn, 'clientId' | 'clientSecret' | 'apiUrl' | 'oauthUrl'>,
  tokenKeyByte: number,
): Partial<AppConfig> {
  return {
    connections: {
      tokenKey: Buffer.alloc(32, tokenKeyByte),
      strava: {
        clientId: stand.clientId,
        clientSecret: stand.clientSecret,
        apiUrl: stand.apiUrl,
        oauthUrl: stand.oauthUrl,
        webhookVerifyToken: 'verify-me-please',
        readLimits: { perQuarterHour: 100, perDay: 1000 },
      },
    },
  };
}
