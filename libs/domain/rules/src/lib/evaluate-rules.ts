import { evaluateCombinedRules } from './combined-rules';
import { buildEvaluationContext, type EvaluationContext } from './evaluation-context';
import { compareFindings, type Finding } from './finding';
import { evaluateLoadRules, type SpikeEvent } from './load-rules';
import { isLocalDate } from './local-date';
import { evaluateProfileRules } from './profile-rules';
import { resolveRulesConfig } from './rules-config';
import { RulesInputError, type RulesInput } from './rules-input';
import { evaluateSymptomRules } from './symptom-rules';

/**
 * Evaluates every rule of spec/rules.md section 3 for one athlete. Pure and deterministic: the same input in
 * any order gives the same findings, sorted by severity (urgent first), date, rule and anchor id.
 * Throws a `RulesInputError` for malformed input and a `RulesConfigError` for invalid overrides.
 */
export function evaluateRules(input: RulesInput): Finding[] {
  const ctx = contextOf(input);
  const { findings: loadFindings, spikeEvents } = evaluateLoadRules(ctx);
  return [
    ...loadFindings,
    ...evaluateSymptomRules(ctx, spikeEvents),
    ...evaluateProfileRules(ctx),
    ...evaluateCombinedRules(ctx, spikeEvents),
  ].sort(compareFindings);
}

/** The spike events of spec/rules.md section 2 up to the evaluation date, oldest first. */
export function findSpikeEvents(input: RulesInput): SpikeEvent[] {
  return evaluateLoadRules(contextOf(input)).spikeEvents.sort(
    (a, b) =>
      compareText(a.date, b.date) || compareText(a.rule, b.rule) || compareText(a.anchor.id, b.anchor.id),
  );
}

function contextOf(input: RulesInput): EvaluationContext {
  const config = resolveRulesConfig(input.config);
  assertRulesInput(input);
  return buildEvaluationContext({
    athleteId: input.athleteId,
    evaluationDate: input.evaluationDate,
    config,
    load: input.load,
    logs: input.logs,
    profileVersions: input.profileVersions,
    returnToRun: input.returnToRun ?? null,
  });
}

/** Checks what the types cannot: dates, ranges and the uniqueness of log ids and profile dates. */
export function assertRulesInput(input: RulesInput): void {
  const issues: string[] = [];
  if (!input.athleteId) issues.push('athleteId: must not be empty');
  if (!isLocalDate(input.evaluationDate)) {
    issues.push(`evaluationDate: must be a date written YYYY-MM-DD (got '${input.evaluationDate}')`);
  }
  const logIds = new Set<string>();
  input.logs.forEach((log, index) => {
    if (!log.id) issues.push(`logs[${index}].id: must not be empty`);
    else if (logIds.has(log.id)) issues.push(`logs[${index}].id: '${log.id}' is used by another log`);
    logIds.add(log.id);
    if (!isLocalDate(log.date))
      issues.push(`logs[${index}].date: must be a date written YYYY-MM-DD (got '${log.date}')`);
    if (!Number.isInteger(log.severity) || log.severity < 0 || log.severity > 10) {
      issues.push(`logs[${index}].severity: must be a whole number from 0 to 10 (got ${log.severity})`);
    }
  });
  const profileDates = new Set<string>();
  input.profileVersions.forEach((version, index) => {
    if (!isLocalDate(version.date)) {
      issues.push(
        `profileVersions[${index}].date: must be a date written YYYY-MM-DD (got '${version.date}')`,
      );
    } else if (profileDates.has(version.date)) {
      issues.push(`profileVersions[${index}].date: ${version.date} is the date of another version`);
    }
    profileDates.add(version.date);
  });
  const mode = input.returnToRun;
  if (mode) {
    if (!isLocalDate(mode.startDate)) {
      issues.push(`returnToRun.startDate: must be a date written YYYY-MM-DD (got '${mode.startDate}')`);
    }
    if (mode.weeklyPlanM.length === 0) issues.push('returnToRun.weeklyPlanM: must plan at least one week');
    mode.weeklyPlanM.forEach((metres, index) => {
      if (!Number.isFinite(metres) || metres < 0) {
        issues.push(`returnToRun.weeklyPlanM[${index}]: must be a distance of 0 m or more (got ${metres})`);
      }
    });
  }
  if (issues.length > 0) throw new RulesInputError(issues);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
