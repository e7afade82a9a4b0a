import request from 'supertest';
import { DRIVERS, GarminStandIn } from '@loadwatch/testing';
import { describeAccessMatrix, type AccessRoute, type Expected } from './support/access-matrix';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

const NOTIFICATION_TOKEN = 'garmin-notification-secret-0123456789';
const NOTIFICATIONS = `/api/connections/garmin/notifications/${NOTIFICATION_TOKEN}`;

/** Garmin's notification endpoint is public: every persona gets the same answer; its header decides. */
const PUBLIC = (status: number): Expected => ({
  owner: status,
  coachWithHealth: status,
  coachWithoutHealth: status,
  unlinkedCoach: status,
  otherAthlete: status,
  anonymous: status,
});

/** The Garmin routes (Garmin configured against a stand-in on 127.0.0.1); connecting is in the connections matrix. */
describe.each(DRIVERS)('the access matrix of Garmin routes on %s', (driver) => {
  let testApp: TestApp;
  let stand: GarminStandIn;

  beforeAll(async () => {
    stand = await new GarminStandIn().start();
    testApp = await startTestApp(driver, {
      config: {
        connections: {
          tokenKey: Buffer.alloc(32, 5),
          strava: null,
          garmin: {
            clientId: stand.clientId,
            clientSecret: stand.clientSecret,
            authorizeUrl: stand.authorizeUrl,
            tokenUrl: stand.tokenUrl,
            apiUrl: stand.apiUrl,
            backfillDays: 30,
            notificationToken: NOTIFICATION_TOKEN,
          },
        },
      },
    });
  });

  afterAll(async () => {
    await testApp?.close();
    await stand?.stop();
  });

  const routes: AccessRoute[] = [
    {
      name: 'POST /api/connections/garmin/notifications/:token (wrong token)',
      request: () => ({
        method: 'post',
        path: '/api/connections/garmin/notifications/nope',
        body: { deregistrations: [{ userId: 'nobody' }] },
        headers: { 'garmin-client-id': stand.clientId },
      }),
      expect: PUBLIC(404),
    },
    {
      name: 'POST /api/connections/garmin/notifications/:token (without the garmin-client-id header)',
      request: () => ({
        method: 'post',
        path: NOTIFICATIONS,
        body: { deregistrations: [{ userId: 'nobody' }] },
      }),
      expect: PUBLIC(403),
    },
    {
      name: 'POST /api/connections/garmin/notifications/:token (deregistration of an unknown user)',
      request: () => ({
        method: 'post',
        path: NOTIFICATIONS,
        body: { deregistrations: [{ userId: 'nobody' }] },
        headers: { 'garmin-client-id': stand.clientId },
      }),
      expect: PUBLIC(200),
    },
  ];

  describeAccessMatrix(routes, () => testApp.server);

  it('takes notification batches up to 10 MB (other routes keep the 100 kB limit)', async () => {
    // Activity Details pushes (per-second samples) are the large ones; this app takes no action on them.
    const samples = Array.from({ length: 20_000 }, (_, i) => ({
      startTimeInSeconds: i,
      speedMetersPerSecond: 3,
    }));
    const body = JSON.stringify({ activityDetails: [{ userId: 'nobody', summaryId: 'd1', samples }] });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    await request(testApp.server)
      .post(NOTIFICATIONS)
      .set('content-type', 'application/json')
      .set('garmin-client-id', stand.clientId)
      .send(body)
      .expect(200);
    await request(testApp.server)
      .post(NOTIFICATIONS)
      .set('content-type', 'application/json')
      .set('garmin-client-id', stand.clientId)
      .send(JSON.stringify({ deregistrations: [{ userId: 'x'.repeat(11 * 1024 * 1024) }] }))
      .expect(413);
    await request(testApp.server)
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(body)
      .expect(413);
  });
});
