import type { DataSource } from 'typeorm';
import { DRIVERS } from '@loadwatch/testing';
import { AuditLogEntity, AuditLogRepository, CoachLinkEntity, CoachLinksRepository } from '../src';
import { openDatabase, rows } from './support/account-rows';

const hash = (n: number) => n.toString(16).padStart(64, 'a');

describe.each(DRIVERS)('CoachLinksRepository and AuditLogRepository on %s', (driver) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let links: CoachLinksRepository;
  let make: ReturnType<typeof rows>;
  let coachId: string;
  let n = 1;

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(driver));
    links = new CoachLinksRepository(dataSource.getRepository(CoachLinkEntity));
    make = rows(dataSource);
    coachId = (await make.user({ role: 'coach' })).id;
  });
  afterAll(() => close?.());

  const invite = (inviteEmail: string) =>
    links.invite({ coachId, inviteEmail, inviteTokenHash: hash(n++) }, 1000);

  it('invites an email once per coach, with a new token each time it is sent again', async () => {
    const first = await invite('Athlete@Example.test');
    expect(first).toMatchObject({
      kind: 'invited',
      link: { inviteEmail: 'athlete@example.test', status: 'invited' },
    });
    const again = await invite('athlete@example.test');
    expect(again.link.id).toBe(first.link.id);
    expect(again.link.inviteTokenHash).not.toBe(first.link.inviteTokenHash);
    await expect(links.findByInviteTokenHash(first.link.inviteTokenHash)).resolves.toBeNull();
    await expect(links.findByInviteTokenHash(again.link.inviteTokenHash)).resolves.toMatchObject({
      id: first.link.id,
    });
  });

  it('accepts a pending invitation once, then grants, withdraws and revokes', async () => {
    const athlete = await make.user();
    const { link } = await invite(athlete.email);
    await expect(links.setHealthAccess(link.id, true)).resolves.toBeNull();
    await expect(links.accept(link.id, athlete.id, 2000)).resolves.toMatchObject({
      status: 'accepted',
      athleteId: athlete.id,
      acceptedAtMs: 2000,
      healthAccess: false,
    });
    await expect(links.accept(link.id, athlete.id)).resolves.toBeNull();
    await expect(invite(athlete.email)).resolves.toMatchObject({
      kind: 'already-linked',
      link: { id: link.id },
    });
    await expect(links.findAccepted(coachId, athlete.id)).resolves.toMatchObject({ id: link.id });

    await expect(links.setHealthAccess(link.id, true)).resolves.toMatchObject({ healthAccess: true });
    await expect(links.setHealthAccess(link.id, false)).resolves.toMatchObject({ healthAccess: false });
    await links.setHealthAccess(link.id, true);
    await expect(links.revoke(link.id, 3000)).resolves.toMatchObject({
      status: 'revoked',
      healthAccess: false,
      revokedAtMs: 3000,
    });
    await expect(links.revoke(link.id)).resolves.toBeNull();
    await expect(links.setHealthAccess(link.id, true)).resolves.toBeNull();
    await expect(links.findAccepted(coachId, athlete.id)).resolves.toBeNull();
  });

  it('invites again after a revocation, as a fresh invitation', async () => {
    const athlete = await make.user();
    const { link } = await invite(athlete.email);
    await links.accept(link.id, athlete.id);
    await links.revoke(link.id);
    await expect(invite(athlete.email)).resolves.toMatchObject({
      kind: 'invited',
      link: { id: link.id, status: 'invited', athleteId: null, acceptedAtMs: null, revokedAtMs: null },
    });
  });

  it('lists the links of a user on either side', async () => {
    const athlete = await make.user();
    const { link } = await invite(athlete.email);
    await links.accept(link.id, athlete.id);
    await expect(links.listForUser(athlete.id)).resolves.toEqual([expect.objectContaining({ id: link.id })]);
    const coachSide = await links.listForUser(coachId);
    expect(coachSide.map((l) => l.id)).toContain(link.id);
  });

  it('records health reads without any health detail and lists them per athlete', async () => {
    const audit = new AuditLogRepository(dataSource.getRepository(AuditLogEntity));
    const athlete = await make.user();
    await audit.record({ actorId: coachId, athleteId: athlete.id, action: 'read:symptoms' }, 10);
    await audit.record(
      [
        { actorId: coachId, athleteId: athlete.id, action: 'read:roster' },
        { actorId: coachId, athleteId: coachId, action: 'read:roster' },
      ],
      20,
    );
    await audit.record([]);
    await expect(audit.listForAthlete(athlete.id)).resolves.toEqual([
      expect.objectContaining({ actorId: coachId, action: 'read:symptoms', atMs: 10 }),
      expect.objectContaining({ actorId: coachId, action: 'read:roster', atMs: 20 }),
    ]);
  });
});
