import type { LoadReport } from '@loadwatch/domain/training-load';
import type { ReturnToRun } from './return-to-run';
import type { RiskProfileVersion } from './risk-profile';
import type { RulesConfigOverrides } from './rules-config';
import type { SymptomLog } from './symptom-log';

export interface RulesInput {
  athleteId: string;
  /** The athlete's report from `computeLoad` (`@loadwatch/domain/training-load`). */
  load: LoadReport;
  logs: readonly SymptomLog[];
  profileVersions: readonly RiskProfileVersion[];
  returnToRun?: ReturnToRun | null;
  /**
   * "When the rules run" (spec/rules.md section 2), a local ISO date: the analyzer's `--as-of`, the server's
   * current date. Runs, logs and profile versions dated after it are ignored.
   */
  evaluationDate: string;
  /** Threshold overrides for this athlete or coach team (see `resolveRulesConfig`). */
  config?: RulesConfigOverrides;
}

/** Invalid rules input: `issues` lists every bad entry, one line each. */
export class RulesInputError extends Error {
  constructor(
    readonly issues: readonly string[],
    what = 'rules input',
  ) {
    super(`Invalid ${what}:\n${issues.map((issue) => `- ${issue}`).join('\n')}`);
    this.name = 'RulesInputError';
  }
}
