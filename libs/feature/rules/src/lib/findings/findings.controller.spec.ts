import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AthleteAccessService, LOAD_FINDING_RULES } from '@loadwatch/feature/athletes';
import type { AuthUser } from '@loadwatch/feature/auth';
import { CoachLoadViewService, hiddenFromCoaches } from '@loadwatch/feature/load';
import type { FindingView } from '@loadwatch/shared/contracts';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

const COACH: AuthUser = { id: 'coach-1', email: 'coach@example.test', role: 'coach' };
const ATHLETE_ID = '2b1f0a5e-0000-4000-8000-000000000002';

async function setup(health: boolean, linked = true, stored: FindingView[] = [], hidden: string[] = []) {
  const access = {
    resolve: jest.fn(async (viewer: AuthUser, athleteId: string | undefined) => {
      if (athleteId !== undefined && athleteId !== viewer.id && !linked) throw new NotFoundException();
      return athleteId ?? viewer.id;
    }),
    canSeeHealth: jest.fn(async () => health),
  };
  const findings = { list: jest.fn(async (athleteId: string) => ({ athleteId, findings: stored })) };
  const moduleRef = await Test.createTestingModule({
    controllers: [FindingsController],
    providers: [
      { provide: FindingsService, useValue: findings },
      { provide: AthleteAccessService, useValue: access },
      {
        provide: CoachLoadViewService,
        useValue: {
          visibleToCoaches: async (_: string, list: FindingView[]) =>
            list.filter((f) => !hiddenFromCoaches(f, { ids: new Set(), dates: hidden })),
        },
      },
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

  it('withholds from a coach the findings whose evidence or look-back reaches a Strava-only run', async () => {
    const finding = (
      id: string,
      rule: string,
      kind: 'run' | 'week' | 'symptom',
      date: string,
      evidence: Record<string, unknown> = {},
    ) => ({ id, rule, anchor: { kind, id, date }, date, evidence }) as FindingView;
    const stored = [
      finding('before', 'R01', 'run', '2026-10-10'),
      finding('same-week', 'R04', 'week', '2026-10-05'),
      finding('within-35-days', 'R01', 'run', '2026-11-15'),
      finding('later', 'R02', 'run', '2026-11-20'),
      finding('ewma', 'R05', 'week', '2027-03-01'),
      // Health findings too: one on a spike judged against the Strava-only run, one drawing on no run.
      finding('health-on-spike', 'R09', 'symptom', '2026-10-14', {
        activityIds: ['fit-1'],
        spikeDate: '2026-10-12',
      }),
      finding('health', 'R12', 'symptom', '2026-10-12'),
    ];
    const { controller } = await setup(true, true, stored, ['2026-10-11']);
    const seen = await controller.listForAthlete(COACH, ATHLETE_ID, { status: 'open' });
    expect(seen.findings.map((f) => f.id)).toEqual(['before', 'later', 'health']);
    const athlete: AuthUser = { id: ATHLETE_ID, email: 'a@example.test', role: 'athlete' };
    const own = await controller.listForAthlete(athlete, ATHLETE_ID, { status: 'open' });
    expect(own.findings).toHaveLength(stored.length);
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
