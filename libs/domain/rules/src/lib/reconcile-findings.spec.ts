import { rulesInput } from '../../test/rules-input.factory';
import {
  WORKED_EXAMPLE_LOG,
  WORKED_EXAMPLE_PROFILE,
  WORKED_EXAMPLE_REPORT,
} from '../../test/worked-example.fixture';
import { evaluateRules } from './evaluate-rules';
import type { Finding, StoredFinding } from './finding';
import { canonicalJson, GENERIC_RETRACTION_REASON, reconcileFindings } from './reconcile-findings';

const stored = (findings: Finding[], status: StoredFinding['status'] = 'open'): StoredFinding[] =>
  findings.map((finding) => ({ ...finding, status }));

const evaluate = (overrides = {}) =>
  evaluateRules(
    rulesInput({
      load: WORKED_EXAMPLE_REPORT,
      logs: [WORKED_EXAMPLE_LOG],
      profileVersions: [WORKED_EXAMPLE_PROFILE],
      evaluationDate: '2026-10-31',
      ...overrides,
    }),
  );

describe('reconcileFindings (spec/rules.md section 6)', () => {
  const findings = evaluate();

  it('inserts everything the first time', () => {
    const result = reconcileFindings([], findings);
    expect(result.insert).toEqual(findings);
    expect(result).toMatchObject({ update: [], retract: [], unchanged: [] });
  });

  it('never duplicates on re-evaluation', () => {
    const result = reconcileFindings(stored(findings), evaluate());
    expect(result.insert).toEqual([]);
    expect(result.update).toEqual([]);
    expect(result.unchanged).toEqual(findings.map((f) => f.id));
  });

  it('ignores key order when comparing content', () => {
    const reordered = stored(findings).map((f) => JSON.parse(canonicalJson(f)) as StoredFinding);
    expect(reconcileFindings(reordered, findings).update).toEqual([]);
  });

  it('retracts with the cause when an activity is deleted, never deleting', () => {
    const withoutRun = evaluate({
      load: {
        ...WORKED_EXAMPLE_REPORT,
        runs: WORKED_EXAMPLE_REPORT.runs.filter((r) => r.activityId !== 'run-2026-10-11'),
      },
    });
    const result = reconcileFindings(stored(findings), withoutRun, {
      deletedActivityIds: ['run-2026-10-11'],
    });
    expect(result.retract.map((r) => [r.finding.rule, r.reason])).toEqual([
      ['R01', 'cause removed: activity run-2026-10-11 deleted'],
      ['R21', 'cause removed: activity run-2026-10-11 deleted'],
    ]);
    expect(result.insert).toEqual([]);
  });

  it('retracts findings of an edited log and updates those whose numbers changed', () => {
    const edited = { ...WORKED_EXAMPLE_LOG, severity: 2 };
    const result = reconcileFindings(stored(findings), evaluate({ logs: [edited] }), {
      editedLogIds: [edited.id],
    });
    expect(result.retract.map((r) => [r.finding.rule, r.reason])).toEqual([
      ['R10', 'cause removed: symptom log log-2026-10-21 edited'],
    ]);
    expect(result.insert.map((f) => f.rule)).toEqual(['R09']);
  });

  it('updates a finding whose severity changed, keeping its id', () => {
    const corrected = { ...WORKED_EXAMPLE_PROFILE, vitaminD: { value: 25, unit: 'ng/mL' as const } };
    const result = reconcileFindings(stored(findings), evaluate({ profileVersions: [corrected] }), {
      changedProfileDates: [corrected.date],
    });
    expect(result.update.map((f) => [f.id, f.severity])).toEqual([
      ['athlete-1:R18:profile:2026-09-28', 'info'],
    ]);
    expect(result.retract.map((r) => [r.finding.rule, r.finding.anchor.id, r.reason])).toEqual([
      ['R21', '2026-10-05', 'cause removed: risk profile of 2026-09-28 changed'],
      ['R21', '2026-10-12', 'cause removed: risk profile of 2026-09-28 changed'],
    ]);
    expect(result.insert).toEqual([]);
  });

  it('reopens a retracted finding that is supported again, and leaves retracted ones alone otherwise', () => {
    const [first, ...rest] = findings;
    const previous = [...stored([first], 'retracted'), ...stored(rest)];
    expect(reconcileFindings(previous, findings).update).toEqual([first]);
    expect(reconcileFindings(stored([first], 'retracted'), []).retract).toEqual([]);
  });

  it('falls back to a generic reason', () => {
    const result = reconcileFindings(stored(findings), []);
    expect(new Set(result.retract.map((r) => r.reason))).toEqual(new Set([GENERIC_RETRACTION_REASON]));
    expect(reconcileFindings(stored(findings), [], { configChanged: true }).retract[0].reason).toBe(
      'thresholds changed; no longer supported by the data',
    );
  });
});
