import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';

const INDEX = '<!doctype html><div id="root"></div>';

describe('the dashboard served by the API', () => {
  let build: string;
  let testApp: TestApp;

  beforeAll(async () => {
    build = mkdtempSync(join(tmpdir(), 'loadwatch-dashboard-build-'));
    mkdirSync(join(build, 'assets'));
    writeFileSync(join(build, 'index.html'), INDEX);
    writeFileSync(join(build, 'assets', 'index-abc123.js'), 'console.log(1);');
    testApp = await startTestApp('sqlite', { dashboardDir: build });
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(build, { recursive: true, force: true });
  });

  it.each(['/', '/overview', '/coach/athletes/5f0c2b4e-0000-4000-8000-000000000000', '/invite/some-token'])(
    'answers the page %s with index.html, never cached',
    async (path) => {
      const response = await request(testApp.server).get(path).expect(200);
      expect(response.text).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves the hashed assets for a year', async () => {
    const response = await request(testApp.server).get('/assets/index-abc123.js').expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the API, docs, health and metrics paths and missing files alone', async () => {
    await request(testApp.server).get('/api/no-such-route').expect(404);
    await request(testApp.server).get('/api/me').expect(401);
    await expect(request(testApp.server).get('/health')).resolves.toMatchObject({
      status: 200,
      type: 'application/json',
    });
    await expect(request(testApp.server).get('/docs/openapi.json')).resolves.toMatchObject({ status: 200 });
    await request(testApp.server).get('/assets/missing.js').expect(404);
    await request(testApp.server).post('/overview').expect(404);
  });
});

describe('the API without a dashboard build', () => {
  let testApp: TestApp;
  const empty = mkdtempSync(join(tmpdir(), 'loadwatch-no-dashboard-'));

  beforeAll(async () => {
    testApp = await startTestApp('sqlite', { dashboardDir: empty });
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('still starts and answers its own routes', async () => {
    await request(testApp.server).get('/health').expect(200);
    await request(testApp.server).get('/overview').expect(404);
  });
});
