import { randomBytes } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { UsersRepository, type UserRole } from '@loadwatch/data-access/db';
import { APP_CONFIG } from '@loadwatch/shared/config';
import { testConfig, TEST_JWT_SECRET } from '@loadwatch/testing';
import { AdminQueuesBoard, mountAdminQueues } from '../src';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const JWT = { secret: TEST_JWT_SECRET, issuer: 'loadwatch', audience: 'loadwatch-api' };

/** Stands in for the auth module: its JwtModule, registered the way AuthModule registers it. */
@Module({
  imports: [
    JwtModule.register({
      secret: JWT.secret,
      signOptions: { algorithm: 'HS256', expiresIn: 900, issuer: JWT.issuer, audience: JWT.audience },
      verifyOptions: { algorithms: ['HS256'], issuer: JWT.issuer, audience: JWT.audience },
    }),
  ],
})
class FakeAuthModule {}

describe('Bull Board at /admin/queues', () => {
  const prefix = `loadwatch-test-${randomBytes(4).toString('hex')}`;
  const roles = new Map<string, UserRole>([
    ['admin-1', 'admin'],
    ['athlete-1', 'athlete'],
    ['coach-1', 'coach'],
  ]);
  let app: INestApplication;
  let jwt: JwtService;
  let ingest: Queue;
  let connection: Redis;

  const token = (sub: string) => jwt.signAsync({ sub, typ: 'access' });

  beforeAll(async () => {
    const config = testConfig({ type: 'sqlite', path: ':memory:', runMigrations: false }, '/tmp', {
      queue: {
        driver: 'bullmq',
        redisUrl: REDIS_URL,
        prefix,
        concurrency: { ingest: 1, load: 1, rules: 1 },
        attempts: 1,
        backoffMs: 100,
        lockMs: 5000,
        reconcileIntervalMs: 60_000,
        workerMetrics: { port: 0, host: '127.0.0.1' },
      },
    });
    const users = {
      findById: async (id: string) =>
        roles.has(id) ? { id, email: `${id}@example.test`, role: roles.get(id) } : null,
    };
    const moduleRef = await Test.createTestingModule({
      imports: [FakeAuthModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: UsersRepository, useValue: users },
        AdminQueuesBoard,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    expect(mountAdminQueues(app)).toBe(true);
    await app.init();
    jwt = app.get(JwtService);
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    ingest = new Queue('ingest', { connection, prefix });
    await ingest.add('ingest-fit', { uploadId: 'u-1' }, { jobId: 'ingest-fit-u-1' });
  });

  afterAll(async () => {
    await app?.close();
    await ingest?.obliterate({ force: true });
    await ingest?.close();
    await connection?.quit();
  });

  it('answers 401 without a token and with a bad one', async () => {
    await request(app.getHttpServer()).get('/admin/queues').expect(401);
    await request(app.getHttpServer())
      .get('/admin/queues')
      .set('Authorization', 'Bearer nonsense')
      .expect(401);
    const gone = await token('deleted-account');
    await request(app.getHttpServer())
      .get('/admin/queues')
      .set('Authorization', `Bearer ${gone}`)
      .expect(401);
  });

  it.each(['athlete-1', 'coach-1'])('answers 403 to %s', async (id) => {
    const response = await request(app.getHttpServer())
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${await token(id)}`)
      .expect(403);
    expect(response.body.message).toMatch(/admin/);
  });

  it('shows the page and the queues, with their jobs, to an admin', async () => {
    const auth = { Authorization: `Bearer ${await token('admin-1')}` };
    const page = await request(app.getHttpServer()).get('/admin/queues').set(auth).expect(200);
    expect(page.text).toContain('<base href="/admin/queues/"');
    const api = await request(app.getHttpServer()).get('/admin/queues/api/queues').set(auth).expect(200);
    const queues = (api.body.queues as { name: string; counts: Record<string, number> }[]).map((q) => [
      q.name,
      q.counts['waiting'] ?? 0,
    ]);
    expect(queues).toEqual(
      expect.arrayContaining([
        ['ingest', 1],
        ['load', 0],
        ['rules', 0],
      ]),
    );
  });

  it('is not mounted on the inline driver', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [FakeAuthModule],
      providers: [
        {
          provide: APP_CONFIG,
          useValue: testConfig({ type: 'sqlite', path: ':memory:', runMigrations: false }, '/tmp'),
        },
        { provide: UsersRepository, useValue: {} },
        AdminQueuesBoard,
      ],
    }).compile();
    const inline = moduleRef.createNestApplication({ logger: false });
    expect(mountAdminQueues(inline)).toBe(false);
    await inline.init();
    await request(inline.getHttpServer()).get('/admin/queues').expect(404);
    await inline.close();
  });
});
