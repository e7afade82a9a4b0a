import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AthleteAccessService, LOAD_FINDING_RULES } from '@loadwatch/feature/athletes';
import type { AuthUser } from '@loadwatch/feature/auth';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

const COACH: AuthUser = { id: 'coach-1', email: 'coach@example.test', role: 'coach' };
const ATHLETE_ID = '2b1f0a5e-0000-4000-8000-000000000002';

async function setup(health: boolean, linked = true) {
  const access = {
    resolve: jest.fn(async (viewer: AuthUser, athleteId: string | undefined) => {
      if (athleteId !== undefined && athleteId !== viewer.id && !linked) throw new NotFoundException();
      return athleteId ?? viewer.id;
    }),
    canSeeHealth: jest.fn(async () => health),
  };
  const findings = { list: jest.fn(async (athleteId: string) => ({ athleteId, findings: [] })) };
  const moduleRef = await Test.createTestingModule({
    controllers: [FindingsController],
    providers: [
      { provide: FindingsService, useValue: findings },
      { provide: AthleteAccessService, useValue: access },
    ],
  }).compile();
  return { controller: moduleRef.get(FindingsController), access, findings };
}

describe('FindingsController, coach mirror', () => {
  it.each<[string, boolean, readonly string[] | undefined]>([
    ['without a health grant sees the load findings only', false, LOAD_FINDING_RULES],
    ['with a health grant sees them all', true, undefined],
  ])('a linked coach %s', async (_name, health, rules) => {
    const { controller, access, findings } = await setup(health);
    await controller.listForAthlete(COACH, ATHLETE_ID, { status: 'open' });
    expect(access.resolve).toHaveBeenCalledWith(COACH, ATHLETE_ID, 'load', 'read:findings');
    expect(findings.list).toHaveBeenCalledWith(ATHLETE_ID, 'open', rules);
  });

  it('an athlete reading their own mirror sees everything without asking for a grant', async () => {
    const { controller, access, findings } = await setup(false);
    const athlete: AuthUser = { id: ATHLETE_ID, email: 'a@example.test', role: 'athlete' };
    await controller.listForAthlete(athlete, ATHLETE_ID, { status: 'all' });
    expect(access.canSeeHealth).not.toHaveBeenCalled();
    expect(findings.list).toHaveBeenCalledWith(ATHLETE_ID, 'all', undefined);
  });

  it('an unlinked coach gets 404 and reads nothing', async () => {
    const { controller, findings } = await setup(false, false);
    await expect(controller.listForAthlete(COACH, ATHLETE_ID, { status: 'open' })).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(findings.list).not.toHaveBeenCalled();
  });

  it('never turns a Forbidden from the access policy into data', async () => {
    const { controller, access, findings } = await setup(false);
    access.resolve.mockRejectedValueOnce(new ForbiddenException());
    await expect(controller.listForAthlete(COACH, ATHLETE_ID, { status: 'open' })).rejects.toBeInstanceOf(
      ForbiddenException,
    );
    expect(findings.list).not.toHaveBeenCalled();
  });
});
