import fc from 'fast-check';
import { buildLoadReport, type RunSpec } from '../../test/load-report.builder';
import { ATHLETE } from '../../test/rules-input.factory';
import { evaluateRules } from './evaluate-rules';
import type { Finding } from './finding';
import { parseReturnToRun, parseRiskProfile, parseSymptomLogs } from './input-parser';
import { addDays } from './local-date';
import type { RiskProfileVersion } from './risk-profile';
import type { RuleId } from './rule-catalogue';
import { resolveRulesConfig, RulesConfigError } from './rules-config';
import { RulesInputError, type RulesInput } from './rules-input';
import {
  AGGRAVATORS,
  BODY_REGIONS,
  NEUROLOGICAL_FLAGS,
  PAIN_TIMINGS,
  SYSTEMIC_FLAGS,
  type SymptomLog,
} from './symptom-log';

const FIRST_MONDAY = '2026-08-03';
const DAYS = 84;

const runArb: fc.Arbitrary<Omit<RunSpec, 'id'>> = fc.record({
  date: fc.integer({ min: 0, max: DAYS - 1 }).map((day) => addDays(FIRST_MONDAY, day)),
  km: fc.integer({ min: 2, max: 60 }).map((halfKm) => halfKm / 2),
  fastKm: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  time: fc.integer({ min: 5, max: 20 }).map((hour) => `${String(hour).padStart(2, '0')}:00`),
});

const logArb: fc.Arbitrary<SymptomLog> = fc
  .record({
    date: fc.integer({ min: 0, max: DAYS + 6 }).map((day) => addDays(FIRST_MONDAY, day)),
    region: fc.constantFrom(...BODY_REGIONS),
    severity: fc.integer({ min: 0, max: 10 }),
    when: fc.constantFrom(...PAIN_TIMINGS),
    aggravators: fc.subarray([...AGGRAVATORS]),
    neurological: fc.oneof(fc.constant([]), fc.subarray([...NEUROLOGICAL_FLAGS], { maxLength: 2 })),
    systemic: fc.oneof(fc.constant([]), fc.subarray([...SYSTEMIC_FLAGS], { maxLength: 1 })),
    canWalkNormally: fc.constantFrom(true, false, null),
  })
  .map((log) => ({ ...log, id: `${log.date}-${log.region}` }));

const profileArb: fc.Arbitrary<RiskProfileVersion> = fc.record({
  date: fc.integer({ min: -30, max: DAYS }).map((day) => addDays(FIRST_MONDAY, day)),
  sex: fc.constantFrom('female' as const, 'male' as const, 'prefer_not_to_say' as const),
  vitaminD: fc.option(
    fc.record({
      value: fc.integer({ min: 10, max: 100 }),
      unit: fc.constantFrom('ng/mL' as const, 'nmol/L' as const),
    }),
    { nil: null },
  ),
  bmdZ: fc.option(
    fc.integer({ min: -30, max: 10 }).map((z) => z / 10),
    { nil: null },
  ),
  disorderedEating: fc.constantFrom(
    'none' as const,
    'some_restriction_or_past' as const,
    'current_diagnosed' as const,
    null,
  ),
  priorBsi: fc.option(fc.record({ count: fc.integer({ min: 0, max: 3 }) }), { nil: null }),
});

const inputArb = fc
  .record({
    runs: fc.array(runArb, { maxLength: 30 }),
    logs: fc.uniqueArray(logArb, { maxLength: 12, selector: (log) => log.id }),
    profiles: fc.uniqueArray(profileArb, { maxLength: 3, selector: (profile) => profile.date }),
    extraDays: fc.integer({ min: 0, max: 10 }),
    returnToRun: fc.option(
      fc.record({
        startDate: fc.integer({ min: 0, max: DAYS - 1 }).map((day) => addDays(FIRST_MONDAY, day)),
        weeklyPlanM: fc.array(
          fc.integer({ min: 0, max: 40 }).map((km) => km * 1000),
          { minLength: 1, maxLength: 6 },
        ),
      }),
      { nil: null },
    ),
  })
  .map(({ runs, logs, profiles, extraDays, returnToRun }) => {
    const specs = runs.map((run, index) => ({ ...run, id: `run-${index}` }));
    const evaluationDate = addDays(FIRST_MONDAY, DAYS - 1 + extraDays);
    return { specs, logs, profiles, returnToRun, evaluationDate };
  });

function inputOf(args: {
  specs: RunSpec[];
  logs: SymptomLog[];
  profiles: RiskProfileVersion[];
  returnToRun: RulesInput['returnToRun'];
  evaluationDate: string;
}): RulesInput {
  return {
    athleteId: ATHLETE,
    load: buildLoadReport(args.specs, { asOf: args.evaluationDate, historyStart: FIRST_MONDAY }),
    logs: args.logs,
    profileVersions: args.profiles,
    returnToRun: args.returnToRun,
    evaluationDate: args.evaluationDate,
  };
}

/** A reordering of `items` driven by `keys` (fast-check shrinks keys, not permutations). */
function reorder<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, index) => ({ item, key: keys[index % Math.max(keys.length, 1)] ?? 0, index }))
    .sort((a, b) => a.key - b.key || b.index - a.index)
    .map(({ item }) => item);
}

const LOAD_RULES: ReadonlySet<RuleId> = new Set([
  'R01',
  'R02',
  'R03',
  'R04',
  'R05',
  'R06',
  'R07',
  'R08',
  'R19',
]);

describe('evaluateRules properties', () => {
  it('is deterministic and gives each (rule, anchor) at most one finding', () => {
    fc.assert(
      fc.property(inputArb, (args) => {
        const input = inputOf(args);
        const first = evaluateRules(input);
        expect(evaluateRules(input)).toEqual(first);
        expect(new Set(first.map((f) => f.id)).size).toBe(first.length);
      }),
    );
  });

  it('does not depend on the order of runs, weeks, days, logs or profile versions', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.integer(), { minLength: 1, maxLength: 40 }), (args, keys) => {
        const input = inputOf(args);
        const shuffled: RulesInput = {
          ...input,
          load: {
            ...input.load,
            runs: reorder(input.load.runs, keys),
            weeks: reorder(input.load.weeks, keys),
            days: reorder(input.load.days, keys),
          },
          logs: reorder(input.logs, keys),
          profileVersions: reorder(input.profileVersions, keys),
        };
        expect(evaluateRules(shuffled)).toEqual(evaluateRules(input));
      }),
    );
  });

  it('sorts by severity, then date, rule and anchor id', () => {
    const rank = { urgent: 0, warning: 1, caution: 2, info: 3 };
    const key = (f: Finding) => [rank[f.severity], f.date, f.rule, f.anchor.kind, f.anchor.id] as const;
    fc.assert(
      fc.property(inputArb, (args) => {
        const findings = evaluateRules(inputOf(args));
        for (let i = 1; i < findings.length; i++) {
          const [a, b] = [key(findings[i - 1]), key(findings[i])];
          const order = a.findIndex((value, j) => value !== b[j]);
          if (order >= 0) expect(a[order] < b[order]).toBe(true);
        }
      }),
    );
  });

  /**
   * The literal "removing a run never adds a load finding" does not hold (see the examples below): a run
   * removed from a 30-day window can make a later run a spike or open a break. What holds is that removing a
   * run never adds a load finding anchored before it: load rules only look back.
   */
  it('removing a run never adds a load finding anchored before that run', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (args, pick) => {
        fc.pre(args.specs.length > 0);
        const removed = args.specs[pick % args.specs.length];
        const before = evaluateRules(inputOf(args));
        const after = evaluateRules(
          inputOf({ ...args, specs: args.specs.filter((spec) => spec !== removed) }),
        );
        const removedWeek = buildLoadReport([removed]).runs[0].weekStart;
        const earlier = (f: Finding) =>
          LOAD_RULES.has(f.rule) &&
          (f.anchor.kind === 'week' ? f.anchor.id < removedWeek : f.anchor.date < removed.date);
        const beforeIds = new Set(before.filter(earlier).map((f) => f.id));
        expect(after.filter(earlier).filter((f) => !beforeIds.has(f.id))).toEqual([]);
      }),
    );
  });

  it('removing a run can add load findings after it (why the property above is scoped)', () => {
    const runs: RunSpec[] = [
      { id: 'a', date: '2026-09-01', km: 10 },
      { id: 'b', date: '2026-09-03', km: 10 },
      { id: 'c', date: '2026-09-05', km: 10 },
      { id: 'big', date: '2026-09-08', km: 20 },
      { id: 'next', date: '2026-09-10', km: 14 },
    ];
    const input = (specs: RunSpec[]): RulesInput => ({
      athleteId: ATHLETE,
      load: buildLoadReport(specs, { asOf: '2026-09-13' }),
      logs: [],
      profileVersions: [],
      evaluationDate: '2026-09-13',
    });
    const spikesOn = (specs: RunSpec[]) =>
      evaluateRules(input(specs))
        .filter((f) => f.rule === 'R01' && f.anchor.id === 'next')
        .map((f) => f.anchor.id);
    expect(spikesOn(runs)).toEqual([]);
    expect(spikesOn(runs.filter((run) => run.id !== 'big'))).toEqual(['next']);
  });
});

describe('input validation properties', () => {
  it('parsers either return typed input or throw a RulesInputError listing issues, for any JSON', () => {
    const parsers = [parseSymptomLogs, parseRiskProfile, parseReturnToRun];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ logs: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
          fc.record({
            versions: fc.array(
              fc.dictionary(fc.constantFrom('date', 'sex', 'bmd_z', 'vitamin_d'), fc.jsonValue()),
            ),
          }),
        ),
        (json) => {
          for (const parse of parsers) {
            try {
              parse(json);
            } catch (error) {
              expect(error).toBeInstanceOf(RulesInputError);
              expect((error as RulesInputError).issues.length).toBeGreaterThan(0);
            }
          }
        },
      ),
    );
  });

  it('resolveRulesConfig either resolves or throws a RulesConfigError, for any JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom('R01', 'R03', 'R17', 'R99'),
            fc.dictionary(fc.constantFrom('lower', 'upper', 'ratio', 'x'), fc.jsonValue()),
          ),
        ),
        (overrides) => {
          try {
            resolveRulesConfig(overrides);
          } catch (error) {
            expect(error).toBeInstanceOf(RulesConfigError);
          }
        },
      ),
    );
  });

  it('evaluateRules refuses any log severity outside 0-10 or not whole', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 11 }),
          fc.integer({ max: -1 }),
          fc.double({ min: 0.01, max: 9.99, noInteger: true }),
        ),
        (severity) => {
          const input: RulesInput = {
            athleteId: ATHLETE,
            load: buildLoadReport([]),
            logs: [{ id: 'x', date: '2026-10-01', region: 'low_back', severity }],
            profileVersions: [],
            evaluationDate: '2026-10-31',
          };
          expect(() => evaluateRules(input)).toThrow(RulesInputError);
        },
      ),
    );
  });
});
