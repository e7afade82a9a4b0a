import request from 'supertest';
import { DRIVERS } from '@loadwatch/testing';
import { registerUser, startTestApp, type TestApp } from './support/test-app';

const PASSWORD = 'correct horse battery';

describe.each(DRIVERS)('auth on %s', (driver) => {
  let testApp: TestApp;
  const http = () => request(testApp.server);

  beforeAll(async () => {
    testApp = await startTestApp(driver);
  });
  afterAll(() => testApp?.close());

  it('registers, then the access token opens /api/me', async () => {
    const response = await http()
      .post('/api/auth/register')
      .send({ email: '  Ada@Example.TEST ', password: PASSWORD, displayName: 'Ada', role: 'coach' })
      .expect(201);
    expect(response.body).toMatchObject({
      tokenType: 'Bearer',
      expiresInS: 900,
      user: { email: 'ada@example.test', displayName: 'Ada', role: 'coach' },
    });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    await http()
      .get('/api/me')
      .set('Authorization', `Bearer ${response.body.accessToken}`)
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ email: 'ada@example.test', role: 'coach' }));
  });

  it.each([
    [{ email: 'x@example.test', password: 'short' }, 'password', /password must be at least 10 characters/],
    [{ email: 'not-an-email', password: PASSWORD }, 'email', /email must be an email address/],
    [
      { email: 'x@example.test', password: PASSWORD, role: 'admin' },
      'role',
      /role must be one of: athlete, coach/,
    ],
    [
      { email: 'x@example.test', password: PASSWORD, isAdmin: true },
      'isAdmin',
      /isAdmin: property isAdmin should not exist/,
    ],
  ])('refuses a bad registration with a 400 naming the field (%j)', async (body, field, message) => {
    const response = await http().post('/api/auth/register').send(body).expect(400);
    expect(response.body.fields).toEqual([field]);
    expect(response.body.message.join('\n')).toMatch(message);
  });

  it('refuses a second account with the same email', async () => {
    const user = await registerUser(testApp.server);
    await http()
      .post('/api/auth/register')
      .send({ email: user.email.toUpperCase(), password: PASSWORD })
      .expect(409);
  });

  it('logs in, and never says whether the email exists', async () => {
    const user = await registerUser(testApp.server);
    await http().post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
    const wrong = await http()
      .post('/api/auth/login')
      .send({ email: user.email, password: 'wrong password' })
      .expect(401);
    const unknown = await http()
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: 'wrong password' })
      .expect(401);
    expect(wrong.body.message).toBe('Invalid email or password');
    expect(unknown.body).toEqual(wrong.body);
  });

  it('rotates the refresh token, and a reused one ends the session family', async () => {
    const user = await registerUser(testApp.server);
    const second = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    expect(second.body.refreshToken).not.toBe(user.refreshToken);
    const third = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: second.body.refreshToken })
      .expect(200);
    await http().get('/api/me').set('Authorization', `Bearer ${third.body.accessToken}`).expect(200);

    const reuse = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(401);
    expect(reuse.body.message).toMatch(/already used/);
    await http().post('/api/auth/refresh').send({ refreshToken: third.body.refreshToken }).expect(401);

    const fresh = await http()
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    await http().post('/api/auth/refresh').send({ refreshToken: fresh.body.refreshToken }).expect(200);
  });

  it('logs out: the refresh token stops working', async () => {
    const user = await registerUser(testApp.server);
    await http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    const response = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(401);
    expect(response.body.message).toMatch(/session has ended/);
    await http().post('/api/auth/logout').send({ refreshToken: 'unknown' }).expect(204);
    await http().post('/api/auth/refresh').send({}).expect(400);
  });

  it('answers 401 with a reason to missing, forged and foreign tokens', async () => {
    const none = await http().get('/api/me').expect(401);
    expect(none.body.message).toMatch(/Authorization: Bearer/);
    const forged = await http().get('/api/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    expect(forged.body.message).toBe('The access token is not valid');
    const user = await registerUser(testApp.server);
    const [header, payload] = user.accessToken.split('.');
    await http()
      .get('/api/me')
      .set('Authorization', `Bearer ${header}.${payload}.forged-signature`)
      .expect(401);
  });
});

describe('login and registration are rate-limited per address', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp('sqlite', { authThrottle: { limit: 3, ttlMs: 60_000 } });
  });
  afterAll(() => testApp?.close());

  it('answers 429 after the limit, on login as on registration, and not on other routes', async () => {
    const login = () =>
      request(testApp.server).post('/api/auth/login').send({ email: 'x@example.test', password: 'x' });
    for (let i = 0; i < 3; i++) await login().expect(401);
    const limited = await login().expect(429);
    expect(limited.body.message).toMatch(/Too many attempts/);

    const register = () =>
      request(testApp.server).post('/api/auth/register').send({ email: 'bad', password: 'x' });
    for (let i = 0; i < 3; i++) await register().expect(400);
    await register().expect(429);

    await request(testApp.server).post('/api/auth/refresh').send({ refreshToken: 'x' }).expect(401);
  });
});
