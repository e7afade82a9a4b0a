import fc from 'fast-check';
import { thrown } from '../../test/thrown';
import returnToRunSchema from '../schemas/return-to-run.schema.json';
import riskProfileSchema from '../schemas/risk-profile.schema.json';
import symptomLogsSchema from '../schemas/symptom-logs.schema.json';
import { parseReturnToRun, parseRiskProfile, parseSymptomLogs } from './input-parser';
import {
  BSI_SITES,
  DISORDERED_EATING_LEVELS,
  MALABSORPTION_CONDITIONS,
  VITAMIN_D_UNITS,
} from './risk-profile';
import { RulesInputError } from './rules-input';
import {
  AGGRAVATORS,
  BODY_REGIONS,
  BODY_SIDES,
  NEUROLOGICAL_FLAGS,
  PAIN_TIMINGS,
  SYSTEMIC_FLAGS,
} from './symptom-log';

const issuesOf = (action: () => unknown): readonly string[] => {
  const error = thrown(action);
  expect(error).toBeInstanceOf(RulesInputError);
  return (error as RulesInputError).issues;
};

const goodLog = { date: '2026-10-21', region: 'low_back', severity: 5 };

describe('parseSymptomLogs', () => {
  it('reads a full entry into camelCase', () => {
    const [log] = parseSymptomLogs({
      $schema: './symptom-logs.schema.json',
      logs: [
        {
          id: 'a',
          date: '2026-10-21',
          region: 'sacrum_buttock',
          side: 'left',
          severity: 6,
          when: 'next_morning',
          aggravators: ['weight_bearing', 'night_pain'],
          neurological: ['leg_numbness_one_side'],
          systemic: ['fever'],
          can_walk_normally: false,
          notes: 'stiff',
        },
      ],
    });
    expect(log).toEqual({
      id: 'a',
      date: '2026-10-21',
      region: 'sacrum_buttock',
      side: 'left',
      severity: 6,
      when: 'next_morning',
      aggravators: ['weight_bearing', 'night_pain'],
      neurological: ['leg_numbness_one_side'],
      systemic: ['fever'],
      canWalkNormally: false,
      notes: 'stiff',
    });
  });

  it('fills defaults and derives the id from date and region', () => {
    expect(parseSymptomLogs({ logs: [goodLog] })).toEqual([
      {
        id: '2026-10-21-low_back',
        date: '2026-10-21',
        region: 'low_back',
        side: null,
        severity: 5,
        when: null,
        aggravators: [],
        neurological: [],
        systemic: [],
        canWalkNormally: null,
        notes: null,
      },
    ]);
  });

  it('lists every bad entry with its path, the rule and the value', () => {
    const issues = issuesOf(() =>
      parseSymptomLogs({
        logs: [
          { ...goodLog, region: 'knee' },
          { ...goodLog, severity: 4.5 },
          { date: '2026-13-01', region: 'hip' },
          { ...goodLog, severity: 11, aggravators: ['sitting', 'sitting'], extra: 1 },
          { ...goodLog, when: 'later', can_walk_normally: 'yes', neurological: ['tingling'] },
          'not a log',
        ],
      }),
    );
    expect(issues).toEqual([
      "logs[0].region: must be one of low_back, sacrum_buttock, hip, leg (got 'knee')",
      'logs[1].severity: must be a whole number (got 4.5)',
      'logs[2].severity: is required',
      "logs[2].date: must be a date written YYYY-MM-DD (got '2026-13-01')",
      'logs[3].extra: is not a known field',
      'logs[3].severity: must be <= 10 (got 11)',
      "logs[3].aggravators: lists 'sitting' twice",
      "logs[4].when: must be one of during_run, after_run, next_morning, at_rest, null (got 'later')",
      "logs[4].neurological[0]: must be one of leg_numbness_one_side, leg_weakness_one_side, both_legs_numb_or_weak, saddle_numbness, bladder_or_bowel_change, sexual_dysfunction, progressive (got 'tingling')",
      "logs[4].can_walk_normally: must be true or false or null (got 'yes')",
      "logs[5]: must be an object (got 'not a log')",
    ]);
  });

  it.each([
    [null, 'input: must be an object (got null)'],
    [[], 'input: must be an object (got [])'],
    [{}, 'logs: is required'],
    [{ logs: {} }, 'logs: must be a list (got {})'],
  ])('refuses %p', (json, issue) => {
    expect(issuesOf(() => parseSymptomLogs(json))).toEqual([issue]);
  });

  it('refuses duplicate ids, explicit or derived', () => {
    expect(issuesOf(() => parseSymptomLogs({ logs: [goodLog, { ...goodLog, severity: 2 }] }))).toEqual([
      "logs[1]: logs[0] has the same date and region (id '2026-10-21-low_back'); give each an id or merge them",
    ]);
    expect(
      issuesOf(() =>
        parseSymptomLogs({
          logs: [
            { ...goodLog, id: 'x' },
            { ...goodLog, id: 'x', region: 'hip' },
          ],
        }),
      ),
    ).toEqual(["logs[1].id: 'x' is already used by logs[0]"]);
    expect(parseSymptomLogs({ logs: [{ ...goodLog, id: 'x' }, goodLog] }).map((l) => l.id)).toEqual([
      'x',
      '2026-10-21-low_back',
    ]);
  });

  it('rejects any out-of-range severity (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 11, max: 1000 }), fc.integer({ min: -1000, max: -1 })),
        fc.nat(20),
        (severity, index) => {
          const logs = Array.from({ length: index + 1 }, (_, i) => ({
            ...goodLog,
            id: `l${i}`,
            severity: i === index ? severity : 3,
          }));
          const issues = issuesOf(() => parseSymptomLogs({ logs }));
          expect(issues).toEqual([
            `logs[${index}].severity: must be ${severity > 10 ? '<= 10' : '>= 0'} (got ${severity})`,
          ]);
        },
      ),
    );
  });
});

describe('parseRiskProfile', () => {
  it('reads a full version into camelCase, oldest first', () => {
    const versions = parseRiskProfile({
      versions: [
        { date: '2026-10-01', sex: 'male' },
        {
          date: '2026-09-28',
          sex: 'female',
          birth_year: 1994,
          height_cm: 168,
          weight_kg: 55.5,
          weight_change_pct_month: -2,
          vitamin_d: { value: 45, unit: 'nmol/L', date: '2026-09-20' },
          disordered_eating: 'none',
          malabsorption: [],
          prior_bsi: { count: 1, sites: ['sacrum'] },
          menses_12mo: 11,
          menarche_age: 13,
          hormonal_contraception: false,
          bmd_z: -0.4,
        },
      ],
    });
    expect(versions).toEqual([
      {
        date: '2026-09-28',
        sex: 'female',
        birthYear: 1994,
        heightCm: 168,
        weightKg: 55.5,
        weightChangePctMonth: -2,
        vitaminD: { value: 45, unit: 'nmol/L', date: '2026-09-20' },
        disorderedEating: 'none',
        malabsorption: [],
        priorBsi: { count: 1, sites: ['sacrum'] },
        menses12mo: 11,
        menarcheAge: 13,
        hormonalContraception: false,
        bmdZ: -0.4,
      },
      { date: '2026-10-01', sex: 'male' },
    ]);
  });

  it('accepts "prefer_not_to_say" and null for every item', () => {
    const items = [
      'sex',
      'birth_year',
      'height_cm',
      'weight_kg',
      'weight_change_pct_month',
      'vitamin_d',
      'disordered_eating',
      'malabsorption',
      'prior_bsi',
      'menses_12mo',
      'menarche_age',
      'hormonal_contraception',
      'bmd_z',
    ];
    const declined = Object.fromEntries(items.map((item) => [item, 'prefer_not_to_say']));
    const nulls = Object.fromEntries(items.map((item) => [item, null]));
    expect(parseRiskProfile({ versions: [{ date: '2026-01-01', ...declined }] })[0].bmdZ).toBe(
      'prefer_not_to_say',
    );
    expect(parseRiskProfile({ versions: [{ date: '2026-01-01', ...nulls }] })[0].vitaminD).toBeNull();
  });

  it('lists every bad entry', () => {
    const issues = issuesOf(() =>
      parseRiskProfile({
        versions: [
          { date: '2026-09-28', height_cm: 300, sex: 'other', vitamin_d: { value: 18 } },
          { date: '2026-09-28', bmd_z: 'low', prior_bsi: { count: 1, sites: ['sacrum', 'pelvis'] } },
          { date: '2026-10-05', menses_12mo: 6.5, hormonal_contraception: 'yes', malabsorption: ['gluten'] },
          { sex: 'female' },
        ],
      }),
    );
    expect(issues).toEqual([
      "versions[0].sex: must be one of female, male, prefer_not_to_say, null (got 'other')",
      'versions[0].height_cm: must be <= 250 (got 300)',
      'versions[0].vitamin_d.unit: is required',
      `versions[1].bmd_z: must be a number, "prefer_not_to_say" or null (got 'low')`,
      "versions[2].malabsorption[0]: must be one of coeliac, ibd, other (got 'gluten')",
      'versions[2].menses_12mo: must be a whole number, "prefer_not_to_say" or null (got 6.5)',
      "versions[2].hormonal_contraception: must be one of true, false, prefer_not_to_say, null (got 'yes')",
      'versions[3].date: is required',
    ]);
  });

  it('refuses two versions of one date and a prior-BSI count below its sites', () => {
    expect(
      issuesOf(() =>
        parseRiskProfile({
          versions: [
            { date: '2026-09-28' },
            { date: '2026-09-28', prior_bsi: { count: 1, sites: ['sacrum', 'tibia'] } },
          ],
        }),
      ),
    ).toEqual([
      'versions[1].date: 2026-09-28 is already the date of versions[0]',
      'versions[1].prior_bsi.count: must be at least the number of sites (2) (got 1)',
    ]);
  });
});

describe('parseReturnToRun', () => {
  it('reads the plan in metres', () => {
    expect(parseReturnToRun({ start_date: '2026-11-02', weekly_distance_km: [5, 7.5, 10] })).toEqual({
      startDate: '2026-11-02',
      weeklyPlanM: [5000, 7500, 10000],
    });
  });

  it('lists every bad entry', () => {
    expect(
      issuesOf(() => parseReturnToRun({ start_date: '2/11/2026', weekly_distance_km: [5, -1] })),
    ).toEqual([
      "start_date: must be a date written YYYY-MM-DD (got '2/11/2026')",
      'weekly_distance_km[1]: must be >= 0 (got -1)',
    ]);
    expect(issuesOf(() => parseReturnToRun({ start_date: '2026-11-02', weekly_distance_km: [] }))).toEqual([
      'weekly_distance_km: must NOT have fewer than 1 items (got [])',
    ]);
  });
});

describe('the JSON Schemas', () => {
  it('use the vocabulary of the TypeScript types', () => {
    const log = symptomLogsSchema.$defs.log.properties;
    expect(log.region.enum).toEqual([...BODY_REGIONS]);
    expect(log.side.enum).toEqual([...BODY_SIDES, null]);
    expect(log.when.enum).toEqual([...PAIN_TIMINGS, null]);
    expect(log.aggravators.items.enum).toEqual([...AGGRAVATORS]);
    expect(log.neurological.items.enum).toEqual([...NEUROLOGICAL_FLAGS]);
    expect(log.systemic.items.enum).toEqual([...SYSTEMIC_FLAGS]);
    const version = riskProfileSchema.$defs.version.properties;
    expect(version.disordered_eating.enum).toEqual([...DISORDERED_EATING_LEVELS, 'prefer_not_to_say', null]);
    expect(version.malabsorption.items.enum).toEqual([...MALABSORPTION_CONDITIONS]);
    expect(version.vitamin_d.properties.unit.enum).toEqual([...VITAMIN_D_UNITS]);
    expect(version.prior_bsi.properties.sites.items.enum).toEqual([...BSI_SITES]);
  });

  it('declare draft 2020-12', () => {
    for (const schema of [symptomLogsSchema, riskProfileSchema, returnToRunSchema]) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });
});
