import { RULE_CATALOGUE, RULE_IDS, type RuleId, type ThresholdKind } from './rule-catalogue';

type CatalogueThresholds<K extends RuleId> = (typeof RULE_CATALOGUE)[K]['thresholds'];

/** Every rule's thresholds, resolved (defaults from the rule catalogue plus overrides). */
export type RulesConfig = {
  readonly [K in RuleId]: { readonly [P in keyof CatalogueThresholds<K>]: number };
};

/** Partial overrides of the defaults, per athlete or coach team, e.g. `{ R01: { lower: 1.2 } }`. */
export type RulesConfigOverrides = { readonly [K in RuleId]?: Partial<RulesConfig[K]> };

export class RulesConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid rules configuration:\n${issues.map((issue) => `- ${issue}`).join('\n')}`);
    this.name = 'RulesConfigError';
  }
}

/** The default thresholds of every rule (spec/rules.md section 3). */
export const DEFAULT_RULES_CONFIG: RulesConfig = Object.freeze(
  Object.fromEntries(
    RULE_IDS.map((rule) => [
      rule,
      Object.freeze(
        Object.fromEntries(
          Object.entries(RULE_CATALOGUE[rule].thresholds).map(([key, spec]) => [key, spec.value]),
        ),
      ),
    ]),
  ) as unknown as RulesConfig,
);

/**
 * Applies override layers in order (e.g. coach team, then athlete) to the defaults. Throws a
 * `RulesConfigError` listing every problem: unknown rule or key, a value that is not a number of the
 * threshold's kind (negative, fractional days, severity outside 0-10, ...), or bounds that contradict
 * each other (lower above upper, R02 below R01's upper bound, ...).
 */
export function resolveRulesConfig(...layers: readonly unknown[]): RulesConfig {
  const issues: string[] = [];
  const merged: Record<string, Record<string, number>> = {};
  for (const rule of RULE_IDS) merged[rule] = { ...DEFAULT_RULES_CONFIG[rule] };

  layers.forEach((layer, layerIndex) => {
    if (layer === undefined || layer === null) return;
    const where = layers.length > 1 ? `layer ${layerIndex + 1}: ` : '';
    if (!isPlainObject(layer)) {
      issues.push(`${where}overrides must be an object keyed by rule id (got ${describe(layer)})`);
      return;
    }
    for (const [rule, ruleOverrides] of Object.entries(layer)) {
      if (!isRuleId(rule)) {
        issues.push(`${where}${rule}: unknown rule (known: ${RULE_IDS.join(', ')})`);
        continue;
      }
      if (ruleOverrides === undefined) continue;
      if (!isPlainObject(ruleOverrides)) {
        issues.push(`${where}${rule}: must be an object of thresholds (got ${describe(ruleOverrides)})`);
        continue;
      }
      const specs: Record<string, { kind: ThresholdKind }> = RULE_CATALOGUE[rule].thresholds;
      for (const [key, value] of Object.entries(ruleOverrides)) {
        const spec = specs[key];
        if (!spec) {
          const known = Object.keys(specs);
          issues.push(
            `${where}${rule}.${key}: unknown threshold (${known.length ? `known: ${known.join(', ')}` : `${rule} has no thresholds`})`,
          );
          continue;
        }
        if (value === undefined) continue;
        const problem = checkKind(spec.kind, value);
        if (problem) {
          issues.push(`${where}${rule}.${key}: ${problem} (got ${describe(value)})`);
          continue;
        }
        merged[rule][key] = value as number;
      }
    }
  });

  if (issues.length === 0) issues.push(...checkConsistency(merged as unknown as RulesConfig));
  if (issues.length > 0) throw new RulesConfigError(issues);
  return Object.freeze(merged) as unknown as RulesConfig;
}

function checkKind(kind: ThresholdKind, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
  switch (kind) {
    case 'ratio':
    case 'ng-per-ml':
      return value > 0 ? null : 'must be greater than 0';
    case 'fraction':
    case 'metres':
      return value >= 0 ? null : 'must not be negative';
    case 'share':
      return value >= 0 && value <= 1 ? null : 'must be a share from 0 to 1';
    case 'days':
      return Number.isInteger(value) && value >= 0 ? null : 'must be a whole number of days, 0 or more';
    case 'severity':
      return Number.isInteger(value) && value >= 0 && value <= 10
        ? null
        : 'must be a whole severity from 0 to 10';
    case 'count':
      return Number.isInteger(value) && value >= 1 ? null : 'must be a whole number, 1 or more';
    case 'score':
      return Number.isInteger(value) && value >= 0 && value <= 12
        ? null
        : 'must be a whole score from 0 to 12';
  }
}

function checkConsistency(config: RulesConfig): string[] {
  const issues: string[] = [];
  const below = (lowerName: string, lower: number, upperName: string, upper: number, strict = true): void => {
    if (strict ? lower >= upper : lower > upper) {
      issues.push(`${lowerName} (${lower}) must be ${strict ? 'below' : 'at most'} ${upperName} (${upper})`);
    }
  };
  below('R01.lower', config.R01.lower, 'R01.upper', config.R01.upper);
  below('R01.upper', config.R01.upper, 'R02.lower', config.R02.lower, false);
  below('R04.lower', config.R04.lower, 'R04.upper', config.R04.upper);
  below('R08.risingShare', config.R08.risingShare, 'R08.share', config.R08.share, false);
  below('R09.likelyDays', config.R09.likelyDays, 'R09.windowDays', config.R09.windowDays, false);
  below('R10.likelyDays', config.R10.likelyDays, 'R10.windowDays', config.R10.windowDays, false);
  below('R17.cautionScore', config.R17.cautionScore, 'R17.warningScore', config.R17.warningScore);
  below('R18.deficientNgMl', config.R18.deficientNgMl, 'R18.insufficientNgMl', config.R18.insufficientNgMl);
  below('R21.cautionScore', config.R21.cautionScore, 'R21.warningScore', config.R21.warningScore, false);
  return issues;
}

function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}
