import { ConflictException, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type {
  NewSession,
  NewUser,
  SessionEntity,
  SessionsRepository,
  UserEntity,
  UsersRepository,
} from '@loadwatch/data-access/db';
import type { AppConfig } from '@loadwatch/shared/config';
import { jwtOptions } from './access-token';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { sha256Hex } from './opaque-token';

const config = {
  auth: {
    jwtSecret: 'a-test-secret-that-is-long-enough-000000',
    accessTokenTtlS: 900,
    refreshTokenTtlS: 3600,
  },
} as AppConfig;

/** The two repositories, in memory, with the same contracts as the real ones. */
function fakes() {
  const users = new Map<string, UserEntity>();
  const sessions = new Map<string, SessionEntity>();
  let n = 0;
  const usersRepository = {
    create: async (input: NewUser) => {
      if ([...users.values()].some((u) => u.email === input.email)) return null;
      const user = { ...input, id: `user-${++n}` } as UserEntity;
      users.set(user.id, user);
      return user;
    },
    findByEmail: async (email: string) => [...users.values()].find((u) => u.email === email) ?? null,
    findById: async (id: string) => users.get(id) ?? null,
  } as unknown as UsersRepository;
  const live = (s: SessionEntity) => s.replacedById === null && s.revokedAtMs === null;
  const sessionsRepository = {
    create: async (input: NewSession) => {
      const session = {
        ...input,
        id: `session-${++n}`,
        revokedAtMs: null,
        replacedById: null,
        createdAtMs: 0,
      };
      sessions.set(session.id, session);
      return session;
    },
    findByTokenHash: async (hash: string) =>
      [...sessions.values()].find((s) => s.refreshTokenHash === hash) ?? null,
    rotate: async (id: string, next: NewSession) => {
      const current = sessions.get(id);
      if (!current || !live(current)) return null;
      const session = await sessionsRepository.create(next);
      current.replacedById = session.id;
      return session;
    },
    revokeFamilyFrom: async (id: string, nowMs = 1) => {
      let count = 0;
      for (let s = sessions.get(id); s; s = s.replacedById ? sessions.get(s.replacedById) : undefined) {
        if (s.revokedAtMs === null) count++;
        s.revokedAtMs ??= nowMs;
      }
      return count;
    },
  } as unknown as SessionsRepository;
  return { users, sessions, usersRepository, sessionsRepository };
}

describe('AuthService', () => {
  let auth: AuthService;
  let state: ReturnType<typeof fakes>;
  const jwt = new JwtService(jwtOptions(config));

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    state = fakes();
    auth = new AuthService(
      config,
      state.usersRepository,
      state.sessionsRepository,
      new PasswordHasher(),
      jwt,
    );
  });

  const register = () => auth.register({ email: 'ada@example.test', password: 'correct horse battery' });

  it('registers an athlete with an argon2id hash and signs them in', async () => {
    const tokens = await register();
    const user = state.users.get(tokens.user.id);
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresInS: 900, user: { role: 'athlete' } });
    await expect(jwt.verifyAsync(tokens.accessToken)).resolves.toMatchObject({
      sub: tokens.user.id,
      typ: 'access',
    });
    const session = [...state.sessions.values()][0];
    expect(session.refreshTokenHash).toBe(sha256Hex(tokens.refreshToken));
    expect(session.refreshTokenHash).not.toContain(tokens.refreshToken);
  });

  it('refuses a second account for one email', async () => {
    await register();
    await expect(register()).rejects.toBeInstanceOf(ConflictException);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    await register();
    const wrong = await auth
      .login({ email: 'ada@example.test', password: 'wrong password!' })
      .catch((e) => e);
    const unknown = await auth
      .login({ email: 'bob@example.test', password: 'wrong password!' })
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(UnauthorizedException);
    expect(unknown).toBeInstanceOf(UnauthorizedException);
    expect(wrong.message).toBe(unknown.message);
    await expect(
      auth.login({ email: 'ada@example.test', password: 'correct horse battery' }),
    ).resolves.toMatchObject({
      user: { email: 'ada@example.test' },
    });
  });

  it('rotates the refresh token on every refresh', async () => {
    const first = await register();
    const second = await auth.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await auth.refresh(second.refreshToken);
    expect(third.user.id).toBe(first.user.id);
  });

  it('ends the whole family when a rotated token comes back', async () => {
    const first = await register();
    const second = await auth.refresh(first.refreshToken);
    await expect(auth.refresh(first.refreshToken)).rejects.toThrow(/already used/);
    await expect(auth.refresh(second.refreshToken)).rejects.toThrow(/session has ended/);
  });

  it('refuses unknown, expired and logged-out tokens', async () => {
    const tokens = await register();
    await expect(auth.refresh('not-a-token')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(auth.refresh(tokens.refreshToken, Date.now() + 3601_000)).rejects.toThrow(/expired/);
    await auth.logout(tokens.refreshToken);
    await expect(auth.refresh(tokens.refreshToken)).rejects.toThrow(/session has ended/);
    await expect(auth.logout('unknown')).resolves.toBeUndefined();
  });
});
