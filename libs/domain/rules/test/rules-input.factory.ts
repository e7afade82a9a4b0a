import type { LoadReport } from '@loadwatch/domain/training-load';
import type { RiskProfileVersion } from '../src/lib/risk-profile';
import type { RulesInput } from '../src/lib/rules-input';
import type { SymptomLog } from '../src/lib/symptom-log';
import { loadReport } from './load-report.factory';

export const ATHLETE = 'athlete-1';

export function symptomLog(overrides: Partial<SymptomLog> & { date: string }): SymptomLog {
  const region = overrides.region ?? 'low_back';
  return {
    id: `${overrides.date}-${region}`,
    region,
    side: 'central',
    severity: 2,
    when: 'after_run',
    aggravators: [],
    neurological: [],
    systemic: [],
    canWalkNormally: true,
    notes: null,
    ...overrides,
  };
}

export function profileVersion(
  overrides: Partial<RiskProfileVersion> & { date: string },
): RiskProfileVersion {
  return { sex: 'female', ...overrides };
}

export function rulesInput(overrides: Partial<RulesInput> & { load?: LoadReport } = {}): RulesInput {
  const load = overrides.load ?? loadReport();
  return {
    athleteId: ATHLETE,
    logs: [],
    profileVersions: [],
    evaluationDate: load.asOf ?? '2026-12-31',
    ...overrides,
    load,
  };
}
