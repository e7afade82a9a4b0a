import request from 'supertest';
import type { App } from 'supertest/types';
import type { AccountExport, ActivityDetail, FindingsResponse } from '@loadwatch/shared/contracts';
import { DRIVERS } from '@loadwatch/testing';
import {
  describeAccessMatrix,
  HEALTH_READ,
  LOAD_READ,
  SELF,
  type AccessRoute,
  type Expected,
  type MatrixWorld,
} from './support/access-matrix';
import { giveTraining, type OwnerTraining } from './support/owner-training';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

/** Only the owner reaches a resource of the owner's by its own id; for everyone else it does not exist. */
const OWNER_ONLY = (status = 200): Expected => ({
  owner: status,
  coachWithHealth: 404,
  coachWithoutHealth: 404,
  unlinkedCoach: 404,
  otherAthlete: 404,
  anonymous: 401,
});

const HEALTH_RULES = [
  'R09',
  'R10',
  'R11',
  'R12',
  'R13',
  'R14',
  'R15',
  'R16',
  'R17',
  'R18',
  'R20',
  'R21',
  'R22',
];

describe.each(DRIVERS)('the access matrix of training and health routes on %s', (driver) => {
  let testApp: TestApp;
  const training = new WeakMap<MatrixWorld, Promise<OwnerTraining>>();
  /** The owner's processed data in this world (made once per world). */
  const owned = (world: MatrixWorld) => {
    if (!training.has(world)) training.set(world, giveTraining(testApp, world.users.owner));
    return training.get(world) as Promise<OwnerTraining>;
  };
  const mirror = (world: MatrixWorld, rest: string) => `/api/athletes/${world.users.owner.id}/${rest}`;

  const routes: AccessRoute[] = [
    {
      name: 'POST /api/uploads',
      request: () => ({ method: 'post', path: '/api/uploads' }),
      // Without a file: the signed-in get a 400 about the missing file, so the route itself is reachable.
      expect: SELF(400),
    },
    { name: 'GET /api/uploads', request: () => ({ method: 'get', path: '/api/uploads' }), expect: SELF() },
    {
      name: 'GET /api/uploads/:id',
      request: async (world) => ({ method: 'get', path: `/api/uploads/${(await owned(world)).uploadId}` }),
      expect: OWNER_ONLY(),
    },
    {
      name: 'GET /api/activities',
      request: () => ({ method: 'get', path: '/api/activities' }),
      expect: SELF(),
    },
    {
      name: 'GET /api/activities/:id',
      request: async (world) => ({
        method: 'get',
        path: `/api/activities/${(await owned(world)).activityId}`,
      }),
      expect: OWNER_ONLY(),
    },
    {
      name: 'DELETE /api/activities/:id',
      request: async (world) => ({
        method: 'delete',
        path: `/api/activities/${(await owned(world)).activityId}`,
      }),
      expect: OWNER_ONLY(204),
      fresh: true,
    },
    {
      name: 'POST /api/activities/:id/sources/:sourceId/split',
      request: async (world) => {
        const { activityId } = await owned(world);
        const detail = await request(world.server)
          .get(`/api/activities/${activityId}`)
          .set(world.users.owner.auth)
          .expect(200);
        const sourceId = (detail.body as ActivityDetail).provenances[0].id;
        return { method: 'post', path: `/api/activities/${activityId}/sources/${sourceId}/split` };
      },
      // The owner's activity has one source (its upload): nothing to split, 409; nobody else finds it.
      expect: OWNER_ONLY(409),
    },
    {
      name: 'GET /api/athletes/:id/activities',
      request: async (world) => (await owned(world), { method: 'get', path: mirror(world, 'activities') }),
      expect: LOAD_READ,
    },
    {
      name: 'GET /api/athletes/:id/activities/:activityId',
      request: async (world) => ({
        method: 'get',
        path: mirror(world, `activities/${(await owned(world)).activityId}`),
      }),
      expect: LOAD_READ,
    },
    { name: 'GET /api/weeks', request: () => ({ method: 'get', path: '/api/weeks' }), expect: SELF() },
    { name: 'GET /api/symptoms', request: () => ({ method: 'get', path: '/api/symptoms' }), expect: SELF() },
    {
      name: 'POST /api/symptoms',
      request: () => ({
        method: 'post',
        path: '/api/symptoms',
        body: { date: '2026-01-05', region: 'hip', severity: 1 },
      }),
      expect: SELF(201),
    },
    {
      name: 'PATCH /api/symptoms/:id',
      request: async (world) => ({
        method: 'patch',
        path: `/api/symptoms/${(await owned(world)).symptomId}`,
        body: { severity: 3 },
      }),
      expect: OWNER_ONLY(),
    },
    {
      name: 'DELETE /api/symptoms/:id',
      request: async (world) => ({
        method: 'delete',
        path: `/api/symptoms/${(await owned(world)).symptomId}`,
      }),
      expect: OWNER_ONLY(204),
      fresh: true,
    },
    {
      name: 'GET /api/athletes/:id/risk-profile',
      request: async (world) => (await owned(world), { method: 'get', path: mirror(world, 'risk-profile') }),
      expect: HEALTH_READ,
    },
    {
      name: 'GET /api/risk-profile',
      request: () => ({ method: 'get', path: '/api/risk-profile' }),
      expect: SELF(),
    },
    {
      name: 'PUT /api/risk-profile',
      request: () => ({ method: 'put', path: '/api/risk-profile', body: { sex: 'prefer_not_to_say' } }),
      expect: SELF(),
    },
    { name: 'GET /api/findings', request: () => ({ method: 'get', path: '/api/findings' }), expect: SELF() },
    {
      name: 'POST /api/findings/:id/acknowledge',
      request: async (world) => ({
        method: 'post',
        path: `/api/findings/${(await owned(world)).loadFindingId}/acknowledge`,
      }),
      expect: OWNER_ONLY(),
    },
    {
      name: 'GET /api/athletes/:id/findings',
      request: async (world) => (await owned(world), { method: 'get', path: mirror(world, 'findings') }),
      expect: LOAD_READ,
      check: async (response, persona, world) => {
        if (response.status !== 200) return;
        const audit = (
          (await request(world.server).get('/api/me/export').set(world.users.owner.auth).expect(200))
            .body as AccountExport
        ).healthDataReads;
        const audited = audit.some(
          (a) => a.actorId === world.users[persona as 'owner'].id && a.action === 'read:health-findings',
        );
        expect(audited).toBe(persona === 'coachWithHealth');
        const rules = (response.body as FindingsResponse).findings.map((f) => f.rule);
        expect(rules).toContain('R01');
        // Health findings only for the owner and the coach with the grant (spec/rules.md section 7).
        const seesHealth = persona === 'owner' || persona === 'coachWithHealth';
        expect(rules.some((rule) => HEALTH_RULES.includes(rule))).toBe(seesHealth);
      },
    },
  ];

  beforeAll(async () => {
    testApp = await startTestApp(driver);
  });
  afterAll(() => testApp?.close());

  describeAccessMatrix(routes, () => testApp.server as App);
});
