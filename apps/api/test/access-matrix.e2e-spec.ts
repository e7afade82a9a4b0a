import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { AccountExport, RosterResponse } from '@loadwatch/shared/contracts';
import { unsubscribeToken } from '@loadwatch/feature/alerts';
import { DRIVERS, TEST_MAIL_SECRET } from '@loadwatch/testing';
import {
  COACH_ONLY,
  describeAccessMatrix,
  HEALTH_READ,
  LOAD_READ,
  SELF,
  type AccessRoute,
  type Expected,
} from './support/access-matrix';
import { startTestApp, type TestApp } from './support/test-app';

/** A route without sign-in (a signed token in the query is the authority): the same for everyone. */
const PUBLIC = (status = 200): Expected => ({
  owner: status,
  coachWithHealth: status,
  coachWithoutHealth: status,
  unlinkedCoach: status,
  otherAthlete: status,
  anonymous: status,
});

const unsubscribePath = (userId: string) =>
  `/api/email/unsubscribe?token=${encodeURIComponent(unsubscribeToken(TEST_MAIL_SECRET, userId, 'weekly-digest'))}`;

const NOT_A_PARTY = { coachWithoutHealth: 404, unlinkedCoach: 404, otherAthlete: 404, anonymous: 401 };

/** The routes of accounts, settings and coach links. */
const ACCOUNT_ROUTES: AccessRoute[] = [
  { name: 'GET /api/me', request: () => ({ method: 'get', path: '/api/me' }), expect: SELF() },
  {
    name: 'PATCH /api/me',
    request: () => ({ method: 'patch', path: '/api/me', body: { units: 'mi' } }),
    expect: SELF(),
  },
  {
    name: 'GET /api/me/export',
    request: () => ({ method: 'get', path: '/api/me/export' }),
    expect: SELF(),
    check: (response, persona, world) => {
      if (persona === 'anonymous') return;
      expect((response.body as AccountExport).account.id).toBe(world.users[persona].id);
    },
  },
  {
    name: 'DELETE /api/me',
    request: () => ({ method: 'delete', path: '/api/me' }),
    expect: SELF(204),
    fresh: true,
  },
  {
    name: 'GET /api/coach-links',
    request: () => ({ method: 'get', path: '/api/coach-links' }),
    expect: SELF(),
  },
  {
    name: 'PATCH /api/coach-links/:id',
    request: (world) => ({
      method: 'patch',
      path: `/api/coach-links/${world.links.withHealth}`,
      body: { healthAccess: false },
    }),
    expect: { owner: 200, coachWithHealth: 403, ...NOT_A_PARTY },
    fresh: true,
  },
  {
    name: 'DELETE /api/coach-links/:id',
    request: (world) => ({ method: 'delete', path: `/api/coach-links/${world.links.withHealth}` }),
    expect: { owner: 200, coachWithHealth: 200, ...NOT_A_PARTY },
    fresh: true,
  },
  {
    name: 'POST /api/coach/invitations',
    request: () => ({
      method: 'post',
      path: '/api/coach/invitations',
      body: { email: `${randomUUID()}@example.test` },
    }),
    expect: COACH_ONLY(201),
  },
  {
    name: 'GET /api/coach/athletes',
    request: () => ({ method: 'get', path: '/api/coach/athletes' }),
    expect: COACH_ONLY(),
    check: (response, persona, world) => {
      if (response.status !== 200) return;
      const roster = (response.body as RosterResponse).athletes;
      const expected: Record<string, object[]> = {
        coachWithHealth: [{ athleteId: world.users.owner.id, healthAccess: true }],
        coachWithoutHealth: [
          { athleteId: world.users.owner.id, healthAccess: false, lastBackPainDate: null },
        ],
        unlinkedCoach: [],
      };
      expect(roster).toMatchObject(expected[persona]);
    },
  },
  {
    name: 'GET /api/invitations/:token',
    request: async (world) => {
      const invitation = await request(world.server)
        .post('/api/coach/invitations')
        .set(world.users.unlinkedCoach.auth)
        .send({ email: `${randomUUID()}@example.test` })
        .expect(201);
      return { method: 'get', path: `/api/invitations/${invitation.body.token}` };
    },
    expect: { ...SELF(), anonymous: 200 },
  },
  {
    name: 'POST /api/invitations/:token/accept',
    request: async (world) => {
      const invitation = await request(world.server)
        .post('/api/coach/invitations')
        .set(world.users.unlinkedCoach.auth)
        .send({ email: world.users.owner.email })
        .expect(201);
      return { method: 'post', path: `/api/invitations/${invitation.body.token}/accept` };
    },
    expect: {
      owner: 200,
      coachWithHealth: 403,
      coachWithoutHealth: 403,
      unlinkedCoach: 403,
      otherAthlete: 403,
      anonymous: 401,
    },
    fresh: true,
  },
  {
    name: 'GET /api/email/unsubscribe?token=',
    request: (world) => ({ method: 'get', path: unsubscribePath(world.users.owner.id) }),
    expect: PUBLIC(),
  },
  {
    name: 'POST /api/email/unsubscribe?token=',
    request: (world) => ({ method: 'post', path: unsubscribePath(world.users.owner.id) }),
    expect: PUBLIC(),
  },
  {
    // Nothing is pending for anyone: 409 to every signed-in caller, about their own account only.
    name: 'POST /api/me/urgent-alerts-to/resend',
    request: () => ({ method: 'post', path: '/api/me/urgent-alerts-to/resend' }),
    expect: SELF(409),
  },
  {
    // The signed link is the authority (no sign-in); a forged one is refused alike for everyone.
    name: 'GET /api/email/urgent-alerts-to?token=',
    request: () => ({ method: 'get', path: '/api/email/urgent-alerts-to?token=forged.token' }),
    expect: PUBLIC(400),
  },
  {
    name: 'POST /api/email/urgent-alerts-to?token=',
    request: () => ({ method: 'post', path: '/api/email/urgent-alerts-to?token=forged.token' }),
    expect: PUBLIC(400),
  },
];

/** The access policy as other features' athlete-scoped routes apply it (one load read, one health read). */
const POLICY_ROUTES: AccessRoute[] = [
  {
    name: 'GET /api/athletes/:id/weeks',
    request: (world) => ({ method: 'get', path: `/api/athletes/${world.users.owner.id}/weeks` }),
    expect: LOAD_READ,
  },
  {
    name: 'GET /api/athletes/:id/symptoms',
    request: (world) => ({ method: 'get', path: `/api/athletes/${world.users.owner.id}/symptoms` }),
    expect: HEALTH_READ,
  },
  {
    name: 'GET /api/athletes/:unknown-id/weeks',
    request: () => ({ method: 'get', path: `/api/athletes/${randomUUID()}/weeks` }),
    expect: { ...LOAD_READ, owner: 404, coachWithHealth: 404, coachWithoutHealth: 404 } satisfies Expected,
  },
];

describe.each(DRIVERS)('the access matrix on %s', (driver) => {
  let testApp: TestApp;
  const server = (): App => testApp.server;

  beforeAll(async () => {
    testApp = await startTestApp(driver);
  });
  afterAll(() => testApp?.close());

  describe('account, settings and coach-link routes', () => {
    describeAccessMatrix(ACCOUNT_ROUTES, server);
  });

  describe('athlete-scoped routes through AthleteAccessService', () => {
    describeAccessMatrix(POLICY_ROUTES, server);
  });
});
