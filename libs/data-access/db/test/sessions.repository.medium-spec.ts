import type { DataSource } from 'typeorm';
import { DRIVERS } from '@loadwatch/testing';
import { SessionEntity, SessionsRepository } from '../src';
import { openDatabase, rows } from './support/account-rows';

const hash = (n: number) => n.toString(16).padStart(64, '0');

describe.each(DRIVERS)('SessionsRepository on %s', (driver) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let sessions: SessionsRepository;
  let make: ReturnType<typeof rows>;
  let userId: string;
  let next = 1;
  const nextHash = () => hash(next++);

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(driver));
    sessions = new SessionsRepository(dataSource.getRepository(SessionEntity));
    make = rows(dataSource);
    userId = (await make.user()).id;
  });
  afterAll(() => close?.());

  const open = () =>
    sessions.create({ userId, refreshTokenHash: nextHash(), expiresAtMs: 2_000_000_000_000 }, 1000);

  it('stores a session by its token hash', async () => {
    const session = await open();
    await expect(sessions.findByTokenHash(session.refreshTokenHash)).resolves.toMatchObject({
      id: session.id,
      userId,
      expiresAtMs: 2_000_000_000_000,
      revokedAtMs: null,
      replacedById: null,
      createdAtMs: 1000,
    });
    await expect(sessions.findByTokenHash(hash(0))).resolves.toBeNull();
  });

  it('rotates a session once: a second rotation of the same session changes nothing', async () => {
    const first = await open();
    const second = await sessions.rotate(
      first.id,
      { userId, refreshTokenHash: nextHash(), expiresAtMs: 3 },
      2000,
    );
    expect(second).not.toBeNull();
    await expect(sessions.findByTokenHash(first.refreshTokenHash)).resolves.toMatchObject({
      replacedById: second?.id,
      revokedAtMs: null,
    });
    const loserHash = nextHash();
    await expect(
      sessions.rotate(first.id, { userId, refreshTokenHash: loserHash, expiresAtMs: 3 }),
    ).resolves.toBeNull();
    await expect(sessions.findByTokenHash(loserHash)).resolves.toBeNull();
  });

  it('lets only one of two concurrent rotations win', async () => {
    const first = await open();
    const results = await Promise.all([
      sessions.rotate(first.id, { userId, refreshTokenHash: nextHash(), expiresAtMs: 3 }),
      sessions.rotate(first.id, { userId, refreshTokenHash: nextHash(), expiresAtMs: 3 }),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('does not rotate a revoked session', async () => {
    const session = await open();
    await sessions.revokeFamilyFrom(session.id, 5000);
    await expect(
      sessions.rotate(session.id, { userId, refreshTokenHash: nextHash(), expiresAtMs: 3 }),
    ).resolves.toBeNull();
  });

  it('revokes a session and every session it was rotated into, and no other', async () => {
    const bystander = await open();
    const a = await open();
    const b = await sessions.rotate(a.id, { userId, refreshTokenHash: nextHash(), expiresAtMs: 3 });
    const c = await sessions.rotate(b?.id ?? '', { userId, refreshTokenHash: nextHash(), expiresAtMs: 3 });
    await expect(sessions.revokeFamilyFrom(a.id, 7000)).resolves.toBe(3);
    for (const session of [a, b, c]) {
      await expect(sessions.findByTokenHash(session?.refreshTokenHash ?? '')).resolves.toMatchObject({
        revokedAtMs: 7000,
      });
    }
    await expect(sessions.findByTokenHash(bystander.refreshTokenHash)).resolves.toMatchObject({
      revokedAtMs: null,
    });
    await expect(sessions.revokeFamilyFrom(a.id, 8000)).resolves.toBe(0);
  });

  it("revokes all of a user's live sessions", async () => {
    const other = (await make.user()).id;
    const theirs = await sessions.create({ userId: other, refreshTokenHash: nextHash(), expiresAtMs: 3 });
    await open();
    await expect(sessions.revokeAllForUser(userId, 9000)).resolves.toBeGreaterThan(0);
    const live = await dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.userId = :userId AND s.revokedAtMs IS NULL', { userId })
      .getCount();
    expect(live).toBe(0);
    await expect(sessions.findByTokenHash(theirs.refreshTokenHash)).resolves.toMatchObject({
      revokedAtMs: null,
    });
  });
});
