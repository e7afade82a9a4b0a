import type { LoadReport } from '@loadwatch/domain/training-load';
import { evaluateRules } from '../src/lib/evaluate-rules';
import type { Finding } from '../src/lib/finding';
import type { RuleId } from '../src/lib/rule-catalogue';
import type { RulesInput } from '../src/lib/rules-input';
import { rulesInput } from './rules-input.factory';

/** The findings of the given rules for `input` (defaults filled in). */
export function findingsOf(
  rules: RuleId | RuleId[],
  input: Partial<RulesInput> & { load?: LoadReport },
): Finding[] {
  const wanted = new Set(Array.isArray(rules) ? rules : [rules]);
  return evaluateRules(rulesInput(input)).filter((finding) => wanted.has(finding.rule));
}

/** `<rule>@<anchor id>` of each finding, for compact expectations. */
export function keysOf(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.rule}@${finding.anchor.id}`);
}
