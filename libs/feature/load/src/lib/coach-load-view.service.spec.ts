import { hiddenFromCoaches, type CoachFindingFacts, type HiddenRuns } from './coach-load-view.service';

/** One Strava-only run, `strava-1`, on 2026-10-11 (a Sunday). */
const HIDDEN: HiddenRuns = { ids: new Set(['strava-1']), dates: ['2026-10-11'] };

const finding = (
  rule: string,
  anchor: CoachFindingFacts['anchor'],
  evidence: Record<string, unknown> = {},
): CoachFindingFacts => ({ rule, anchor, evidence: { activityIds: [], logIds: [], ...evidence } });
const log = (date: string) => ({ kind: 'symptom', id: 'log-1', date });
const run = (id: string, date: string) => ({ kind: 'run', id, date });
const week = (date: string) => ({ kind: 'week', id: date, date });

describe('hiddenFromCoaches: which findings rest on Strava-only runs (spec/rules.md section 7)', () => {
  it.each<[string, CoachFindingFacts, boolean]>([
    // Health findings on a spike: their evidence names the spike runs.
    [
      'R10 on a Strava-only spike run',
      finding('R10', log('2026-10-13'), { activityIds: ['strava-1'], spikeDate: '2026-10-11' }),
      true,
    ],
    [
      'R09 on a spike of another source',
      finding('R09', log('2026-12-20'), { activityIds: ['fit-1'], spikeDate: '2026-12-18' }),
      false,
    ],
    // The spike of a device run was judged against the Strava-only run (its 30-day longest): not named, dated.
    [
      'R10 on a spike whose baseline is Strava-only',
      finding('R10', log('2026-10-30'), { activityIds: ['fit-2'], spikeDate: '2026-10-28' }),
      true,
    ],
    [
      'R21 naming a Strava-only run of its week',
      finding('R21', week('2026-10-05'), { activityIds: ['strava-1'], spikeDates: ['2026-10-11'] }),
      true,
    ],
    [
      'R22 of a week long after',
      finding('R22', week('2027-01-04'), { activityIds: ['fit-3'], spikeDates: ['2027-01-06'] }),
      false,
    ],
    [
      'R11 from profile factors alone, no spike',
      finding('R11', log('2026-10-12'), { spikeDate: null, factors: ['low_bmd'] }),
      false,
    ],
    [
      'R11 after a Strava-only spike',
      finding('R11', log('2026-10-20'), { activityIds: ['strava-1'], spikeDate: '2026-10-11' }),
      true,
    ],
    // Findings that draw on no run at all stay visible whatever the dates.
    ['R12 red flags on the same day', finding('R12', log('2026-10-11')), false],
    ['R17 risk profile', finding('R17', { kind: 'profile', id: '2026-10-01', date: '2026-10-01' }), false],
    ['R20 on logs', finding('R20', log('2026-10-11')), false],
    // Load findings: named runs, and the look-back of their baselines.
    [
      'R01 on the Strava-only run',
      finding('R01', run('strava-1', '2026-10-11'), { activityIds: ['strava-1'] }),
      true,
    ],
    [
      'R01 within 35 days after it',
      finding('R01', run('fit-4', '2026-11-15'), { activityIds: ['fit-4'] }),
      true,
    ],
    ['R01 36 days after it', finding('R01', run('fit-5', '2026-11-16'), { activityIds: ['fit-5'] }), false],
    ['R01 before it', finding('R01', run('fit-6', '2026-10-10'), { activityIds: ['fit-6'] }), false],
    ['R05 months later (the EWMA keeps the whole history)', finding('R05', week('2027-03-01')), true],
    // R19 names the run, the run before the break and the longest of the 30 days before: ~65 days back.
    [
      'R19 whose longest run before the break is Strava-only',
      finding('R19', run('fit-7', '2026-12-10'), {
        activityIds: ['fit-7', 'fit-8', 'strava-1'],
        previousRunDate: '2026-11-05',
      }),
      true,
    ],
    [
      'R19 owing nothing to it',
      finding('R19', run('fit-7', '2026-12-10'), {
        activityIds: ['fit-7', 'fit-8', 'fit-9'],
        previousRunDate: '2026-11-05',
      }),
      false,
    ],
    [
      'R19 without ids: 30 days before the previous run',
      finding('R19', run('r19', '2026-12-10'), { activityIds: undefined, previousRunDate: '2026-11-05' }),
      true,
    ],
    [
      'R19 without ids, break after a later window',
      finding('R19', run('r19', '2027-02-10'), { activityIds: undefined, previousRunDate: '2027-01-05' }),
      false,
    ],
    [
      'R10 without ids or a spike date: the whole history',
      finding('R10', log('2027-05-01'), { activityIds: undefined }),
      true,
    ],
  ])('%s: %s', (_name, facts, hidden) => {
    expect(hiddenFromCoaches(facts, HIDDEN)).toBe(hidden);
  });

  it('hides nothing when the athlete has no Strava-only run', () => {
    const facts = finding('R10', log('2026-10-13'), { activityIds: ['strava-1'], spikeDate: '2026-10-11' });
    expect(hiddenFromCoaches(facts, { ids: new Set(), dates: [] })).toBe(false);
  });
});
