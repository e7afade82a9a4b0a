import { ATHLETE, rulesInput } from '../../test/rules-input.factory';
import { thrown } from '../../test/thrown';
import {
  WORKED_EXAMPLE_FINDINGS,
  WORKED_EXAMPLE_LOG,
  WORKED_EXAMPLE_PROFILE,
  WORKED_EXAMPLE_REPORT,
} from '../../test/worked-example.fixture';
import { evaluateRules, findSpikeEvents } from './evaluate-rules';
import { RulesConfigError } from './rules-config';
import { RulesInputError } from './rules-input';

const workedExample = () =>
  rulesInput({
    load: WORKED_EXAMPLE_REPORT,
    logs: [WORKED_EXAMPLE_LOG],
    profileVersions: [WORKED_EXAMPLE_PROFILE],
    evaluationDate: '2026-10-31',
  });

describe('evaluateRules on the worked example (spec/rules.md section 4, hand-built LoadReport)', () => {
  const findings = evaluateRules(workedExample());

  it('gives exactly the seven findings of the table, in order', () => {
    expect(
      findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        anchor: `${f.anchor.kind}:${f.anchor.id}`,
        date: f.date,
      })),
    ).toEqual(WORKED_EXAMPLE_FINDINGS);
  });

  it('gives every finding an id from athlete, rule and anchor, the athlete and a source', () => {
    for (const finding of findings) {
      expect(finding.id).toBe(`${ATHLETE}:${finding.rule}:${finding.anchor.kind}:${finding.anchor.id}`);
      expect(finding.athleteId).toBe(ATHLETE);
      expect(finding.source).toContain(finding.rule);
    }
  });

  it('relates the pain of 2026-10-21 to the spike events of 2026-10-18, "likely"', () => {
    const r10 = findings.find((f) => f.rule === 'R10');
    expect(r10?.relation).toBe('likely');
    expect(r10?.evidence).toMatchObject({
      spikeDate: '2026-10-18',
      spikeRules: ['R01', 'R03'],
      daysAfterSpike: 3,
      severity: 5,
      logIds: ['log-2026-10-21'],
    });
  });

  it('reports the spikes, the weekly jump and the vitamin D numbers', () => {
    const byAnchor = (id: string, rule: string) =>
      findings.find((f) => f.anchor.id === id && f.rule === rule);
    expect(byAnchor('run-2026-10-11', 'R01')?.evidence['spike']).toBeCloseTo(1.167, 3);
    expect(byAnchor('run-2026-10-11', 'R01')?.message).toContain('17 % longer');
    expect(byAnchor('run-2026-10-18', 'R01')?.evidence['spike']).toBeCloseTo(1.429, 3);
    expect(byAnchor('2026-10-12', 'R03')?.evidence).toMatchObject({
      crossedOn: '2026-10-18',
      weekToDateM: 42000,
      previousWeekM: 32000,
    });
    expect(byAnchor('2026-09-28', 'R18')?.evidence).toMatchObject({ ngMl: 18, unit: 'ng/mL' });
    expect(byAnchor('2026-10-12', 'R21')?.evidence).toMatchObject({
      spikeRules: ['R01', 'R03'],
      factors: ['low_vitamin_d'],
    });
  });

  it('finds the spike events of 2026-10-11 and 2026-10-18', () => {
    expect(findSpikeEvents(workedExample()).map((e) => [e.rule, e.date, e.weekStart])).toEqual([
      ['R01', '2026-10-11', '2026-10-05'],
      ['R01', '2026-10-18', '2026-10-12'],
      ['R03', '2026-10-18', '2026-10-12'],
    ]);
  });

  it('never diagnoses and never gives dosing advice', () => {
    for (const finding of findings) {
      expect(finding.message).not.toMatch(/\b(you have|diagnos|IU|dose|supplement)/i);
    }
  });

  it('sees only the data up to the evaluation date', () => {
    const early = evaluateRules({ ...workedExample(), evaluationDate: '2026-10-17' });
    expect(early.map((f) => `${f.rule}:${f.anchor.id}`)).toEqual([
      'R18:2026-09-28',
      'R01:run-2026-10-11',
      'R21:2026-10-05',
    ]);
  });
});

describe('evaluateRules input checks', () => {
  it('lists every bad entry of typed input at once', () => {
    const input = {
      ...workedExample(),
      evaluationDate: '2026-02-30',
      logs: [
        { ...WORKED_EXAMPLE_LOG, severity: 11 },
        { ...WORKED_EXAMPLE_LOG, date: '21/10/2026' },
      ],
      profileVersions: [WORKED_EXAMPLE_PROFILE, WORKED_EXAMPLE_PROFILE],
      returnToRun: { startDate: '2026-11-02', weeklyPlanM: [-1] },
    };
    const error = thrown(() => evaluateRules(input));
    expect(error).toBeInstanceOf(RulesInputError);
    expect((error as RulesInputError).issues).toEqual([
      "evaluationDate: must be a date written YYYY-MM-DD (got '2026-02-30')",
      'logs[0].severity: must be a whole number from 0 to 10 (got 11)',
      "logs[1].id: 'log-2026-10-21' is used by another log",
      "logs[1].date: must be a date written YYYY-MM-DD (got '21/10/2026')",
      'profileVersions[1].date: 2026-09-28 is the date of another version',
      'returnToRun.weeklyPlanM[0]: must be a distance of 0 m or more (got -1)',
    ]);
  });

  it('refuses invalid threshold overrides', () => {
    expect(() => evaluateRules({ ...workedExample(), config: { R01: { lower: 3 } } })).toThrow(
      RulesConfigError,
    );
  });

  it('applies threshold overrides', () => {
    const findings = evaluateRules({ ...workedExample(), config: { R01: { lower: 1.2 } } });
    expect(findings.filter((f) => f.rule === 'R01').map((f) => f.anchor.id)).toEqual(['run-2026-10-18']);
  });
});
