import { thrown } from '../../test/thrown';
import { RULE_CATALOGUE, RULE_IDS } from './rule-catalogue';
import { DEFAULT_RULES_CONFIG, resolveRulesConfig, RulesConfigError } from './rules-config';

describe('resolveRulesConfig', () => {
  it('defaults every threshold from the rule catalogue', () => {
    expect(resolveRulesConfig()).toEqual(DEFAULT_RULES_CONFIG);
    for (const rule of RULE_IDS) {
      for (const [key, spec] of Object.entries(RULE_CATALOGUE[rule].thresholds)) {
        expect((DEFAULT_RULES_CONFIG[rule] as Record<string, number>)[key]).toBe(spec.value);
      }
    }
  });

  it('holds the thresholds of spec/rules.md section 3', () => {
    expect(DEFAULT_RULES_CONFIG).toMatchObject({
      R01: { lower: 1.1, upper: 2.0 },
      R02: { lower: 2.0 },
      R03: { ratio: 1.3, minPreviousM: 10_000, minIncreaseM: 5_000 },
      R04: { lower: 0.1, upper: 0.3 },
      R05: { ratio: 1.5 },
      R06: { monotony: 2.0 },
      R07: { share: 0.1, minCoverage: 0.5, minWeekM: 10_000 },
      R08: { share: 0.2, risingShare: 0.1, fastRatio: 1.5, priorWeeks: 4, minCoverage: 0.5 },
      R09: { likelyDays: 14, windowDays: 28 },
      R10: { minSeverity: 4, painDay: 3, likelyDays: 14, windowDays: 28 },
      R11: { lookbackDays: 42 },
      R15: { severity: 7, episodeDays: 42 },
      R16: { minDays: 2, minSpanDays: 7 },
      R17: { cautionScore: 2, warningScore: 6 },
      R18: { deficientNgMl: 20, insufficientNgMl: 30 },
      R19: { gapDays: 14, fraction: 0.5, windowDays: 30 },
      R20: { overPlan: 0.1 },
      R21: { minFactors: 1, cautionScore: 2, warningScore: 6 },
      R22: { lookbackDays: 14, warningSeverity: 4 },
    });
  });

  it('applies layers in order, later ones winning', () => {
    const team = { R01: { lower: 1.2 }, R03: { minPreviousM: 15_000 } };
    const athlete = { R01: { lower: 1.25 } };
    const config = resolveRulesConfig(team, athlete);
    expect(config.R01).toEqual({ lower: 1.25, upper: 2.0 });
    expect(config.R03.minPreviousM).toBe(15_000);
    expect(config.R02).toEqual(DEFAULT_RULES_CONFIG.R02);
  });

  it.each([
    [{ R99: { lower: 1 } }, 'R99: unknown rule (known: R01, R02,'],
    [{ R01: { lowr: 1.2 } }, 'R01.lowr: unknown threshold (known: lower, upper)'],
    [{ R12: { any: 1 } }, 'R12.any: unknown threshold (R12 has no thresholds)'],
    [{ R03: { minPreviousM: -1 } }, 'R03.minPreviousM: must not be negative (got -1)'],
    [{ R05: { ratio: 0 } }, 'R05.ratio: must be greater than 0 (got 0)'],
    [{ R07: { share: 1.5 } }, 'R07.share: must be a share from 0 to 1 (got 1.5)'],
    [{ R11: { lookbackDays: 4.5 } }, 'R11.lookbackDays: must be a whole number of days, 0 or more (got 4.5)'],
    [{ R15: { severity: 11 } }, 'R15.severity: must be a whole severity from 0 to 10 (got 11)'],
    [{ R01: { lower: '1.2' } }, "R01.lower: must be a finite number (got '1.2')"],
    [{ R01: { lower: Number.NaN } }, 'R01.lower: must be a finite number (got null)'],
    [{ R01: 5 }, 'R01: must be an object of thresholds (got 5)'],
    [[1], 'overrides must be an object keyed by rule id (got [1])'],
    [{ R01: { lower: 2.0, upper: 1.5 } }, 'R01.lower (2) must be below R01.upper (1.5)'],
    [{ R01: { upper: 2.5 } }, 'R01.upper (2.5) must be at most R02.lower (2)'],
    [{ R04: { lower: 0.3 } }, 'R04.lower (0.3) must be below R04.upper (0.3)'],
    [{ R17: { cautionScore: 7 } }, 'R17.cautionScore (7) must be below R17.warningScore (6)'],
    [{ R18: { deficientNgMl: 30 } }, 'R18.deficientNgMl (30) must be below R18.insufficientNgMl (30)'],
    [{ R09: { likelyDays: 30 } }, 'R09.likelyDays (30) must be at most R09.windowDays (28)'],
  ])('refuses %p', (overrides, message) => {
    const error = thrown(() => resolveRulesConfig(overrides));
    expect(error).toBeInstanceOf(RulesConfigError);
    expect(error.message).toContain(message);
  });

  it('lists every problem at once', () => {
    const error = thrown(() =>
      resolveRulesConfig({ R01: { lower: -1, upper: 'x' }, R77: {} }),
    ) as RulesConfigError;
    expect(error.issues).toEqual([
      'R01.lower: must be greater than 0 (got -1)',
      "R01.upper: must be a finite number (got 'x')",
      'R77: unknown rule (known: R01, R02, R03, R04, R05, R06, R07, R08, R09, R10, R11, R12, R13, R14, R15, R16, R17, R18, R19, R20, R21, R22)',
    ]);
  });

  it('returns a frozen config', () => {
    expect(Object.isFrozen(resolveRulesConfig())).toBe(true);
  });
});
