import request from 'supertest';
import { DRIVERS } from '@loadwatch/testing';
import { startTestApp, type TestApp } from './support/test-app';

describe.each(DRIVERS)('the platform on %s', (driver) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp(driver);
  });
  afterAll(() => testApp?.close());

  it('reports the database and the queue at /health, without a token', async () => {
    const response = await request(testApp.server).get('/health').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      database: { status: 'up', type: driver },
      queue: { status: 'up', driver: 'inline' },
    });
  });

  it('serves the OpenAPI document at /docs with every route of this issue', async () => {
    await request(testApp.server).get('/docs').expect(200);
    const { body } = await request(testApp.server).get('/docs/openapi.json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/logout',
        '/api/me',
        '/api/me/export',
        '/api/coach/invitations',
        '/api/invitations/{token}',
        '/api/invitations/{token}/accept',
        '/api/coach-links',
        '/api/coach-links/{id}',
        '/api/coach/athletes',
        '/health',
      ]),
    );
    expect(body.components.schemas.UpdateSettingsDto.properties.timeZone).toMatchObject({
      example: 'Europe/London',
    });
  });

  it('sets security headers and a request id', async () => {
    const response = await request(testApp.server).get('/health').set('X-Request-Id', 'abc-123').expect(200);
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
    const generated = await request(testApp.server).get('/health').set('X-Request-Id', 'no spaces allowed');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
