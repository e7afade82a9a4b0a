import { findingsOf } from '../../test/evaluate.helper';
import { loadReport } from '../../test/load-report.factory';
import { profileVersion } from '../../test/rules-input.factory';
import type { RiskProfileVersion } from './risk-profile';

const load = loadReport({ historyStart: '2026-01-05', asOf: '2026-10-31' });

/** A female profile scoring `score` points: disordered eating (0-2) + BMD (0-2) + prior BSI (0-2) ... */
function scoring(score: number, date = '2026-03-01'): RiskProfileVersion {
  const rows = [Math.min(score, 2), Math.min(Math.max(score - 2, 0), 2), Math.min(Math.max(score - 4, 0), 2)];
  const eating = (['none', 'some_restriction_or_past', 'current_diagnosed'] as const)[rows[0]];
  return profileVersion({
    date,
    disorderedEating: eating,
    bmdZ: [0, -1.5, -2.5][rows[1]],
    priorBsi: { count: rows[2] },
  });
}

describe('R17: cumulative risk score', () => {
  it.each([
    [0, null],
    [1, null],
    [2, 'caution'],
    [5, 'caution'],
    [6, 'warning'],
  ])('score %d gives %p', (score, severity) => {
    const findings = findingsOf('R17', { load, profileVersions: [scoring(score)] });
    expect(findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    if (severity) {
      expect(findings[0]).toMatchObject({
        anchor: { kind: 'profile', id: '2026-03-01', date: '2026-03-01' },
        date: '2026-03-01',
      });
      expect(findings[0].evidence['score']).toBe(score);
    }
  });

  it('reports the items the score used', () => {
    const [finding] = findingsOf('R17', { load, profileVersions: [scoring(3)] });
    expect(finding.evidence['itemsUsed']).toEqual([
      { item: 'disordered_eating', points: 2, inputs: { disorderedEating: 'current_diagnosed' } },
      { item: 'low_bmd', points: 1, inputs: { bmdZ: -1.5 } },
      { item: 'prior_bsi', points: 0, inputs: { count: 0, trabecularSite: false } },
    ]);
    expect(finding.message).toContain('scores 3');
  });

  it('uses the version in force on the evaluation date', () => {
    const versions = [scoring(6, '2026-01-10'), scoring(2, '2026-06-01'), scoring(0, '2026-11-15')];
    const findings = findingsOf('R17', { load, profileVersions: versions });
    expect(findings.map((f) => [f.severity, f.anchor.id])).toEqual([['caution', '2026-06-01']]);
    expect(
      findingsOf('R17', { load, profileVersions: versions, evaluationDate: '2026-05-31' }).map(
        (f) => f.anchor.id,
      ),
    ).toEqual(['2026-01-10']);
  });
});

describe('R18: vitamin D', () => {
  it.each([
    [19.9, 'ng/mL', 'caution'],
    [20, 'ng/mL', 'info'],
    [29.9, 'ng/mL', 'info'],
    [30, 'ng/mL', null],
    [49.9, 'nmol/L', 'caution'],
    [49.92, 'nmol/L', 'info'],
    [74.88, 'nmol/L', null],
  ] as const)('%p %s gives %p', (value, unit, severity) => {
    const profileVersions = [
      profileVersion({ date: '2026-03-01', vitaminD: { value, unit, date: '2026-02-20' } }),
    ];
    const findings = findingsOf('R18', { load, profileVersions });
    expect(findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  it('never gives dosing advice', () => {
    const profileVersions = [profileVersion({ date: '2026-03-01', vitaminD: { value: 8, unit: 'ng/mL' } })];
    const [finding] = findingsOf('R18', { load, profileVersions });
    expect(finding.message).toContain('Discuss this result with your clinician.');
    expect(finding.message).not.toMatch(/\b(IU|dose|dosing|supplement|take)\b/i);
  });

  it('ignores a declined vitamin D item and profiles dated after the evaluation date', () => {
    expect(
      findingsOf('R18', {
        load,
        profileVersions: [profileVersion({ date: '2026-03-01', vitaminD: 'prefer_not_to_say' })],
      }),
    ).toEqual([]);
    const later = [profileVersion({ date: '2026-11-01', vitaminD: { value: 10, unit: 'ng/mL' } })];
    expect(findingsOf('R18', { load, profileVersions: later })).toEqual([]);
  });
});
