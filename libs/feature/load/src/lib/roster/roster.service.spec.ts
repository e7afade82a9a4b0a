import type {
  AuditLogRepository,
  FindingEntity,
  FindingsRepository,
  HealthRead,
  LinkedAthlete,
  RosterRepository,
  RosterWeek,
} from '@loadwatch/data-access/db';
import type { AuthUser } from '@loadwatch/feature/auth';
import { LOAD_FINDING_RULES } from '@loadwatch/feature/athletes';
import type { WeekMetricsView } from '@loadwatch/shared/contracts';
import type { CoachLoadViewService } from '../coach-load-view.service';
import { currentWeekStart, RosterService } from './roster.service';

const coach: AuthUser = { id: 'coach', email: 'coach@example.test', role: 'coach' };
// Sunday 2026-11-22 23:30 UTC: already Monday 2026-11-23 in Oslo.
const NOW = Date.UTC(2026, 10, 22, 23, 30);

const athlete = (over: Partial<LinkedAthlete>): LinkedAthlete => ({
  linkId: `link-${over.athleteId}`,
  athleteId: 'a',
  displayName: null,
  email: `${over.athleteId}@example.test`,
  timeZone: 'UTC',
  weekStart: 'monday',
  healthAccess: false,
  acceptedAtMs: 1,
  ...over,
});

describe('currentWeekStart', () => {
  it.each([
    ['UTC', 'monday', '2026-11-16'],
    ['Europe/Oslo', 'monday', '2026-11-23'],
    ['UTC', 'sunday', '2026-11-22'],
    ['America/New_York', 'sunday', '2026-11-22'],
  ] as const)('is the first day of this week in %s (week from %s)', (timeZone, weekStart, expected) => {
    expect(currentWeekStart({ timeZone, weekStart }, NOW)).toBe(expected);
  });
});

const noFindings = { list: async () => [] } as unknown as FindingsRepository;
const noStravaOnlyRuns = {
  hiddenRuns: async () => ({ ids: new Set(), dates: [] }),
  weeksWithoutHidden: async () => null,
} as unknown as CoachLoadViewService;

describe('RosterService', () => {
  it('shows this week, the worst visible finding, and health values only with the grant (audited)', async () => {
    const reads: HealthRead[] = [];
    const askedFor: { granted?: string[]; rules?: readonly string[]; backPain?: string[] } = {};
    const repository = {
      findLinkedAthletes: async () => [
        athlete({ athleteId: 'load-only', displayName: 'Zed' }),
        athlete({ athleteId: 'granted', displayName: 'Ada', healthAccess: true, timeZone: 'Europe/Oslo' }),
        athlete({ athleteId: 'quiet', displayName: 'Bea' }),
      ],
      findWeeks: async (): Promise<RosterWeek[]> => [
        {
          athleteId: 'granted',
          weekStart: '2026-11-23',
          runs: 1,
          distanceM: 8000,
          ramp: 0.3,
          speedShare: 0.1,
          coverage: 1,
          complete: false,
        },
        {
          athleteId: 'load-only',
          weekStart: '2026-11-16',
          runs: 4,
          distanceM: 40000,
          ramp: -0.1,
          speedShare: 0,
          coverage: 1,
          complete: false,
        },
        {
          athleteId: 'granted',
          weekStart: '2026-11-16',
          runs: 9,
          distanceM: 1,
          ramp: 9,
          speedShare: 9,
          coverage: 1,
          complete: true,
        },
      ],
      countOpenFindings: async (_: string[], granted: string[], rules: readonly string[]) => {
        Object.assign(askedFor, { granted, rules });
        return [
          { athleteId: 'granted', severity: 'caution', count: 2 },
          { athleteId: 'granted', severity: 'urgent', count: 1 },
          { athleteId: 'load-only', severity: 'warning', count: 1 },
        ];
      },
      findLastBackPainDates: async (ids: string[]) => {
        askedFor.backPain = ids;
        return new Map([['granted', '2026-11-20']]);
      },
      findLatestActivityStarts: async () => new Map([['load-only', NOW - 3600_000]]),
    } as unknown as RosterRepository;
    const audit = {
      record: async (r: HealthRead[]) => void reads.push(...r),
    } as unknown as AuditLogRepository;

    const { athletes } = await new RosterService(repository, audit, noFindings, noStravaOnlyRuns).list(
      coach,
      NOW,
    );

    expect(askedFor).toEqual({ granted: ['granted'], rules: LOAD_FINDING_RULES, backPain: ['granted'] });
    expect(athletes.map((a) => a.athleteId)).toEqual(['granted', 'load-only', 'quiet']);
    expect(athletes[0]).toMatchObject({
      weekStart: '2026-11-23',
      weekDistanceM: 8000,
      ramp: 0.3,
      highestOpenSeverity: 'urgent',
      openFindings: 3,
      lastBackPainDate: '2026-11-20',
      latestActivityStart: null,
    });
    expect(athletes[1]).toMatchObject({
      weekStart: '2026-11-16',
      weekDistanceM: 40000,
      highestOpenSeverity: 'warning',
      lastBackPainDate: null,
      latestActivityStart: new Date(NOW - 3600_000).toISOString(),
    });
    expect(athletes[2]).toMatchObject({ weekDistanceM: null, highestOpenSeverity: null, openFindings: 0 });
    expect(reads).toEqual([{ actorId: 'coach', athleteId: 'granted', action: 'read:roster' }]);
  });

  it('shows a coach the week and findings without the runs that came only from Strava', async () => {
    const repository = {
      findLinkedAthletes: async () => [athlete({ athleteId: 'mixed', displayName: 'Mo' })],
      findWeeks: async (): Promise<RosterWeek[]> => [
        {
          athleteId: 'mixed',
          weekStart: '2026-11-16',
          runs: 5,
          distanceM: 50000,
          ramp: 0.5,
          speedShare: 0.2,
          coverage: 1,
          complete: false,
        },
      ],
      countOpenFindings: async () => [{ athleteId: 'mixed', severity: 'caution', count: 2 }],
      findLastBackPainDates: async () => new Map(),
      findLatestActivityStarts: async () => new Map(),
    } as unknown as RosterRepository;
    const audit = { record: async () => undefined } as unknown as AuditLogRepository;
    const finding = (rule: string, anchorKind: string, anchorDate: string, severity: string) =>
      ({ rule, anchorKind, anchorDate, severity }) as FindingEntity;
    const askedRules: (readonly string[] | undefined)[] = [];
    const findings = {
      list: async (_: string, options: { rules?: readonly string[] }) => {
        askedRules.push(options.rules);
        return [
          // R01 on the day of the Strava-only run: rests on it, withheld.
          finding('R01', 'activity', '2026-11-18', 'caution'),
          // R04 of a week two months earlier: owes nothing to it.
          finding('R04', 'week', '2026-09-14', 'caution'),
        ];
      },
    } as unknown as FindingsRepository;
    const coachView = {
      hiddenRuns: async () => ({ ids: new Set(), dates: ['2026-11-18'] }),
      weeksWithoutHidden: async (_: string, from: string) =>
        [
          {
            weekStart: from,
            runs: 4,
            distanceM: 38000,
            ramp: 0.1,
            speedShare: 0.05,
            coverage: 1,
            complete: false,
          },
        ] as WeekMetricsView[],
    } as unknown as CoachLoadViewService;

    const { athletes } = await new RosterService(repository, audit, findings, coachView).list(coach, NOW);

    expect(askedRules).toEqual([LOAD_FINDING_RULES]);
    expect(athletes[0]).toMatchObject({
      weekDistanceM: 38000,
      weekRuns: 4,
      ramp: 0.1,
      speedShare: 0.05,
      highestOpenSeverity: 'caution',
      openFindings: 1,
    });
  });
});
