import { formatEvidence, genericValue, labelOfKey } from './evidence';

const lines = (evidence: Record<string, unknown>, units: 'km' | 'mi' = 'km') =>
  formatEvidence({ activityIds: ['a1'], logIds: [], ...evidence }, units).map(({ label, value }) => [
    label,
    value,
  ]);

describe('a finding evidence in words and the user units', () => {
  it('shows R03 (the worked example of spec/rules.md section 9) as distances, a percentage and dates', () => {
    expect(
      lines({
        weekStart: '2026-10-12',
        crossedOn: '2026-10-18',
        weekToDateM: 42000,
        previousWeekM: 32000,
        ratio: 1.3125,
      }),
    ).toEqual([
      ['Week of', 'Mon, 12 Oct 2026'],
      ['Threshold crossed on', 'Sun, 18 Oct 2026'],
      ['Week to date', '42.0 km'],
      ['Previous week', '32.0 km'],
      ['Week to date against the previous week', '131 %'],
    ]);
  });

  it('converts metres to miles for a user who runs in miles', () => {
    expect(lines({ weekToDateM: 42000, longestPrior30DaysM: 14000 }, 'mi')).toEqual([
      ['Week to date', '26.1 mi'],
      ['Longest run of the 30 days before', '8.7 mi'],
    ]);
  });

  it('signs changes, keeps ratios as ratios, counts days and severities', () => {
    expect(lines({ ramp: 0.25, maxAcwrEwma: 1.5623, gapDays: 1, spanDays: 9, maxSeverity: 5 })).toEqual([
      ['Change from the previous week', '+25 %'],
      ['Highest acute:chronic ratio (EWMA)', '1.56'],
      ['Days since the previous run', '1 day'],
      ['Spanning', '9 days'],
      ['Highest pain severity', '5 of 10'],
    ]);
  });

  it('names symptoms, rules, profile items and the vitamin D result in words', () => {
    expect(
      lines({
        flags: ['saddle_numbness'],
        spikeRules: ['R01', 'R03'],
        spikeDates: ['2026-10-11', '2026-10-18'],
        region: 'low_back',
        aggravators: ['night_pain'],
        factors: ['low_vitamin_d'],
        itemsUsed: [{ item: 'prior_bsi', points: 2, inputs: { count: 1 } }],
        itemsNotScored: [{ item: 'low_bmi', status: 'declined' }],
        value: 45,
        unit: 'nmol/L',
        progressive: false,
        branch: 'rising',
      }),
    ).toEqual([
      ['You reported', 'numbness in the groin, genitals or around the back passage (saddle area)'],
      ['Load jumps found by', 'R01, R03'],
      ['Load jumps on', 'Sun, 11 Oct 2026, Sun, 18 Oct 2026'],
      ['Where', 'low back'],
      ['Worse with', 'wakes me at night'],
      ['Bone-health factors', 'low vitamin D'],
      ['Scored answers', 'a previous bone stress injury (2 points)'],
      ['Not scored', 'low body-mass index (preferred not to say)'],
      ['Vitamin D result', '45 nmol/L'],
      ['Getting worse', 'no'],
      ['Why', 'fast distance above 1.5 times the weeks before'],
    ]);
  });

  it('shows a missing number as a dash, not as "null"', () => {
    expect(lines({ longestPrior30DaysM: null, daysAfterSpike: null })).toEqual([
      ['Longest run of the 30 days before', '—'],
      ['Days after the load jump', '—'],
    ]);
  });

  it('renders keys it does not know readably: words for the key, units by suffix, dates, lists, objects', () => {
    expect(
      lines({ weeklyPeakM: 12500, lastSeenOn: '2026-10-02', tags: ['a_b', 'c'], detail: { topSpeed: 4.56 } }),
    ).toEqual([
      ['Weekly peak', '12.5 km'],
      ['Last seen on', 'Fri, 2 Oct 2026'],
      ['Tags', 'a b, c'],
      ['Detail', 'top speed: 4.56'],
    ]);
    expect(labelOfKey('weekToDateM')).toBe('Week to date');
    expect(genericValue(true, 'km')).toBe('yes');
    expect(genericValue([], 'km')).toBe('none');
  });
});
