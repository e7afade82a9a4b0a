import type {
  AuditLogRepository,
  HealthRead,
  LinkedAthlete,
  RosterRepository,
  RosterWeek,
} from '@loadwatch/data-access/db';
import type { AuthUser } from '@loadwatch/feature/auth';
import { LOAD_FINDING_RULES } from '../access/athlete-access';
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

    const { athletes } = await new RosterService(repository, audit).list(coach, NOW);

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
});
