import type { ConnectionsResponse } from '@loadwatch/shared/contracts';
import { stravaWebhookSecret } from '@loadwatch/feature/connections';
import { DRIVERS, StravaStandIn } from '@loadwatch/testing';
import { describeAccessMatrix, SELF, type AccessRoute, type Expected } from './support/access-matrix';
import { startTestApp, stravaStandInConnections, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

const WEBHOOK = `/api/connections/strava/webhook/${stravaWebhookSecret('verify-me-please')}`;

/** Connecting a provider is for athlete accounts: coaches get 403. */
const ATHLETE_ONLY = (status: number): Expected => ({
  owner: status,
  coachWithHealth: 403,
  coachWithoutHealth: 403,
  unlinkedCoach: 403,
  otherAthlete: status,
  anonymous: 401,
});

/** Public routes (the OAuth callback, Strava's webhook): every persona gets the same answer. */
const PUBLIC = (status: number): Expected => ({
  owner: status,
  coachWithHealth: status,
  coachWithoutHealth: status,
  unlinkedCoach: status,
  otherAthlete: status,
  anonymous: status,
});

const NOBODY_BUT_ADMINS: Expected = {
  owner: 403,
  coachWithHealth: 403,
  coachWithoutHealth: 403,
  unlinkedCoach: 403,
  otherAthlete: 403,
  anonymous: 401,
};

/**
 * The access matrix of the provider-connection routes (Strava configured against a stand-in on 127.0.0.1).
 * Connections are about the caller only: there is no route by athlete id, so coaches never see them.
 */
describe.each(DRIVERS)('the access matrix of connection routes on %s', (driver) => {
  let testApp: TestApp;
  let stand: StravaStandIn;

  beforeAll(async () => {
    stand = await new StravaStandIn().start();
    testApp = await startTestApp(driver, { config: stravaStandInConnections(stand, 3) });
  });

  afterAll(async () => {
    await testApp?.close();
    await stand?.stop();
  });

  const routes: AccessRoute[] = [
    {
      name: 'GET /api/connections',
      request: () => ({ method: 'get', path: '/api/connections' }),
      expect: SELF(200),
      check: (response, persona) => {
        if (persona === 'anonymous') return;
        const body = response.body as ConnectionsResponse;
        expect(body).toEqual({ connections: [], available: ['strava'] });
      },
    },
    {
      name: 'POST /api/connections',
      request: () => ({ method: 'post', path: '/api/connections', body: { provider: 'strava' } }),
      expect: ATHLETE_ONLY(200),
      check: (response, persona) => {
        if (persona !== 'owner') return;
        expect(response.body.authorizeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?/);
        // The browser key of the attempt, for the callback only (ConnectionsController).
        expect(response.headers['set-cookie']).toEqual([
          expect.stringMatching(
            /^loadwatch_connect_strava=[\w-]+; .*Path=\/api\/connections; .*HttpOnly; SameSite=Lax$/,
          ),
        ]);
      },
    },
    {
      name: 'POST /api/connections (unknown provider)',
      request: () => ({ method: 'post', path: '/api/connections', body: { provider: 'fitbit' } }),
      expect: ATHLETE_ONLY(400),
    },
    {
      name: 'DELETE /api/connections/strava (none yet)',
      request: () => ({ method: 'delete', path: '/api/connections/strava' }),
      expect: ATHLETE_ONLY(404),
    },
    {
      name: 'GET /api/connections/strava/callback (forged state)',
      request: () => ({ method: 'get', path: '/api/connections/strava/callback?state=forged&code=x' }),
      expect: PUBLIC(302),
      check: (response) =>
        expect(response.headers['location']).toMatch(/\/settings\/connections\?error=invalid-state$/),
    },
    {
      name: 'GET /api/connections/strava/webhook/:secret (handshake, wrong secret)',
      request: () => ({
        method: 'get',
        path: '/api/connections/strava/webhook/nope?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=verify-me-please',
      }),
      expect: PUBLIC(404),
    },
    {
      name: 'GET /api/connections/strava/webhook/:secret (handshake, wrong token)',
      request: () => ({
        method: 'get',
        path: `${WEBHOOK}?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=nope`,
      }),
      expect: PUBLIC(403),
    },
    {
      name: 'GET /api/connections/strava/webhook/:secret (handshake)',
      request: () => ({
        method: 'get',
        path: `${WEBHOOK}?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=verify-me-please`,
      }),
      expect: PUBLIC(200),
      check: (response) => expect(response.body).toEqual({ 'hub.challenge': 'abc' }),
    },
    {
      name: 'POST /api/connections/strava/webhook/:secret (wrong secret)',
      request: () => ({
        method: 'post',
        path: '/api/connections/strava/webhook/nope',
        body: {
          object_type: 'activity',
          object_id: 1,
          aspect_type: 'create',
          owner_id: 5,
          event_time: 1,
          updates: {},
        },
      }),
      expect: PUBLIC(404),
    },
    {
      name: 'POST /api/connections/strava/webhook/:secret (event of a subscription not ours: ignored)',
      request: () => ({
        method: 'post',
        path: WEBHOOK,
        body: {
          object_type: 'activity',
          object_id: 1,
          aspect_type: 'create',
          owner_id: 5,
          subscription_id: 7,
          event_time: 1,
          updates: {},
        },
      }),
      expect: PUBLIC(200),
    },
    {
      name: 'POST /api/connections/strava/webhook/:secret (no subscription id: not a Strava event)',
      request: () => ({
        method: 'post',
        path: WEBHOOK,
        body: { object_type: 'activity', object_id: 1, aspect_type: 'create', owner_id: 5, event_time: 1 },
      }),
      expect: PUBLIC(400),
    },
    {
      name: 'POST /api/connections/strava/subscription',
      request: () => ({ method: 'post', path: '/api/connections/strava/subscription' }),
      expect: NOBODY_BUT_ADMINS,
    },
  ];

  describeAccessMatrix(routes, () => testApp.server);
});
