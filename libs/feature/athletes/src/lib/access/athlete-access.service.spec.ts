import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type {
  AuditLogRepository,
  CoachLinkEntity,
  CoachLinksRepository,
  HealthRead,
} from '@loadwatch/data-access/db';
import type { AuthUser } from '@loadwatch/feature/auth';
import { AthleteAccessService } from './athlete-access.service';

const athlete: AuthUser = { id: 'athlete', email: 'a@example.test', role: 'athlete' };
const coach = (id: string): AuthUser => ({ id, email: `${id}@example.test`, role: 'coach' });
const admin: AuthUser = { id: 'admin', email: 'admin@example.test', role: 'admin' };

describe('AthleteAccessService', () => {
  const accepted: Partial<CoachLinkEntity>[] = [
    { coachId: 'granted', athleteId: 'athlete', healthAccess: true },
    { coachId: 'load-only', athleteId: 'athlete', healthAccess: false },
  ];
  let reads: HealthRead[];
  let access: AthleteAccessService;

  beforeEach(() => {
    reads = [];
    const links = {
      findAccepted: async (coachId: string, athleteId: string) =>
        (accepted.find((l) => l.coachId === coachId && l.athleteId === athleteId) as CoachLinkEntity) ?? null,
    } as unknown as CoachLinksRepository;
    const audit = {
      record: async (read: HealthRead) => void reads.push(read),
    } as unknown as AuditLogRepository;
    access = new AthleteAccessService(links, audit);
  });

  it.each([
    ['the athlete, no id', athlete, undefined, 'health', 'athlete'],
    ['the athlete, own id', athlete, 'athlete', 'health', 'athlete'],
    ['a granted coach, load', coach('granted'), 'athlete', 'load', 'athlete'],
    ['a granted coach, health', coach('granted'), 'athlete', 'health', 'athlete'],
    ['a load-only coach, load', coach('load-only'), 'athlete', 'load', 'athlete'],
  ] as const)('lets %s through', async (_, viewer, athleteId, scope, expected) => {
    await expect(access.resolve(viewer, athleteId, scope, 'read:x')).resolves.toBe(expected);
  });

  it.each([
    ['a load-only coach, health', coach('load-only'), 'health', ForbiddenException],
    ['an unlinked coach', coach('stranger'), 'load', NotFoundException],
    ['another athlete', { ...athlete, id: 'other' }, 'load', NotFoundException],
    ['an admin', admin, 'health', NotFoundException],
  ] as const)('stops %s', async (_, viewer, scope, error) => {
    await expect(access.resolve(viewer, 'athlete', scope, 'read:x')).rejects.toBeInstanceOf(error);
    expect(reads).toEqual([]);
  });

  it("audits a coach's health reads, not load reads nor the athlete's own", async () => {
    await access.resolve(coach('granted'), 'athlete', 'health', 'read:symptoms');
    await access.resolve(coach('granted'), 'athlete', 'load', 'read:weeks');
    await access.resolve(athlete, undefined, 'health', 'read:symptoms');
    expect(reads).toEqual([{ actorId: 'granted', athleteId: 'athlete', action: 'read:symptoms' }]);
  });

  it('says who can see health data', async () => {
    await expect(access.canSeeHealth(athlete, 'athlete')).resolves.toBe(true);
    await expect(access.canSeeHealth(coach('granted'), 'athlete')).resolves.toBe(true);
    await expect(access.canSeeHealth(coach('load-only'), 'athlete')).resolves.toBe(false);
    await expect(access.canSeeHealth(coach('stranger'), 'athlete')).resolves.toBe(false);
    await expect(access.canSeeHealth(admin, 'athlete')).resolves.toBe(false);
  });
});
