import type { Severity } from './finding';

/**
 * The rule catalogue: the one place that lists every rule of spec/rules.md section 3 with its condition,
 * default thresholds, severity, gist and source. The rule implementations read their thresholds from a
 * `RulesConfig` that defaults from here, and the README's rule table is rendered from here.
 */

export const RULE_IDS = [
  'R01',
  'R02',
  'R03',
  'R04',
  'R05',
  'R06',
  'R07',
  'R08',
  'R09',
  'R10',
  'R11',
  'R12',
  'R13',
  'R14',
  'R15',
  'R16',
  'R17',
  'R18',
  'R19',
  'R20',
  'R21',
  'R22',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** How a threshold is checked when a configuration overrides it. */
export type ThresholdKind =
  'ratio' | 'fraction' | 'share' | 'metres' | 'days' | 'severity' | 'count' | 'score' | 'ng-per-ml';

export interface ThresholdSpec {
  value: number;
  kind: ThresholdKind;
  meaning: string;
}

/**
 * Who may see a rule's findings (spec/rules.md section 7): `load` findings go to linked coaches, `health`
 * findings only with a health-data grant.
 */
export type RuleDataKind = 'load' | 'health';

export interface RuleDefinition {
  id: RuleId;
  title: string;
  thresholds: Record<string, ThresholdSpec>;
  /** Condition in Markdown, with the given thresholds filled in. */
  condition: (t: Record<string, number>) => string;
  /** Possible severities, in the order of the condition's cases. */
  severities: readonly Severity[];
  gist: string;
  source: string;
  /** True for the rules whose findings are spike events (spec/rules.md section 2). */
  spikeEvent: boolean;
  dataKind: RuleDataKind;
}

const km = (metres: number): string => `${metres / 1000} km`;
const pct = (fraction: number): string => `${round(fraction * 100, 2)} %`;
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export const RULE_CATALOGUE = {
  R01: {
    id: 'R01',
    title: 'Session spike',
    thresholds: {
      lower: { value: 1.1, kind: 'ratio', meaning: 'spike above which the run is flagged' },
      upper: { value: 2.0, kind: 'ratio', meaning: 'spike up to which R01 (not R02) applies' },
    },
    condition: (t) => `\`${t.lower} < spike(r) <= ${t.upper}\``,
    severities: ['caution'],
    gist: '"This run was X % longer than your longest run in the last 30 days."',
    source: 'Frandsen 2025 BJSM 59:1203 (5,205 runners: HRR 1.64 for 1.1-1.3, 1.52 for 1.3-2.0); moderate',
    spikeEvent: true,
    dataKind: 'load',
  },
  R02: {
    id: 'R02',
    title: 'Session spike, more than double',
    thresholds: {
      lower: { value: 2.0, kind: 'ratio', meaning: 'spike above which the run is flagged as R02' },
    },
    condition: (t) => `\`spike(r) > ${t.lower}\``,
    severities: ['caution'],
    gist: 'as R01, "more than double"',
    source: 'Frandsen 2025 BJSM 59:1203 (HRR 2.28); moderate',
    spikeEvent: true,
    dataKind: 'load',
  },
  R03: {
    id: 'R03',
    title: 'Weekly distance jump',
    thresholds: {
      ratio: { value: 1.3, kind: 'ratio', meaning: 'week to date above this times the previous week' },
      minPreviousM: { value: 10_000, kind: 'metres', meaning: 'smallest previous week (m)' },
      minIncreaseM: { value: 5_000, kind: 'metres', meaning: 'smallest increase (m)' },
    },
    condition: (t) =>
      `week to date \`W(k) > ${t.ratio} * W(k-1)\`, with \`W(k-1) >= ${km(t.minPreviousM)}\` and ` +
      `\`W(k) - W(k-1) >= ${km(t.minIncreaseM)}\``,
    severities: ['caution'],
    gist: '"Weekly distance rose more than 30 %."',
    source: 'Nielsen 2014 JOSPT 44:739; Damsted 2019 JOSPT 49:230; weak',
    spikeEvent: true,
    dataKind: 'load',
  },
  R04: {
    id: 'R04',
    title: 'Weekly ramp (trend)',
    thresholds: {
      lower: { value: 0.1, kind: 'fraction', meaning: 'ramp above which the week is shown' },
      upper: { value: 0.3, kind: 'fraction', meaning: 'ramp up to which R04 applies (R03 above)' },
      minPreviousM: { value: 10_000, kind: 'metres', meaning: 'smallest previous week (m)' },
      minIncreaseM: { value: 5_000, kind: 'metres', meaning: 'smallest increase (m)' },
    },
    condition: (t) =>
      `completed week: \`${t.lower} < ramp(k) <= ${t.upper}\`, with \`W(k-1) >= ${km(t.minPreviousM)}\` and ` +
      `\`W(k) - W(k-1) >= ${km(t.minIncreaseM)}\``,
    severities: ['info'],
    gist: 'shows the trend; says the 10 % rule is a rule of thumb',
    source: 'Buist 2008 AJSM 36:33 (no trial support); weak',
    spikeEvent: false,
    dataKind: 'load',
  },
  R05: {
    id: 'R05',
    title: 'EWMA acute:chronic ratio',
    thresholds: {
      ratio: { value: 1.5, kind: 'ratio', meaning: 'EWMA ratio from which a day counts' },
    },
    condition: (t) => `EWMA ratio \`>= ${t.ratio}\` on any day of a week (one finding per week)`,
    severities: ['info'],
    gist: 'context only, never a trigger by itself, not a spike event',
    source: 'Gabbett 2016 BJSM 50:273; contested (Impellizzeri 2020, Lolli 2019)',
    spikeEvent: false,
    dataKind: 'load',
  },
  R06: {
    id: 'R06',
    title: 'Monotony',
    thresholds: {
      monotony: { value: 2.0, kind: 'ratio', meaning: 'monotony above which the week is shown' },
    },
    condition: (t) =>
      `completed week: \`monotony > ${t.monotony}\` and \`W(k) >= base(k)\` (not when base is null)`,
    severities: ['info'],
    gist: '"Little difference between easy and hard days."',
    source: 'Foster 1998 MSSE 30:1164; weak',
    spikeEvent: false,
    dataKind: 'load',
  },
  R07: {
    id: 'R07',
    title: 'Speed-work share',
    thresholds: {
      share: { value: 0.1, kind: 'share', meaning: 'speed share above which the week is flagged' },
      minCoverage: { value: 0.5, kind: 'share', meaning: 'smallest coverage on which the rule fires' },
      minWeekM: { value: 10_000, kind: 'metres', meaning: 'smallest weekly distance (m)' },
    },
    condition: (t) =>
      `completed week: \`speed_share(k) > ${t.share}\`, \`coverage(k) >= ${t.minCoverage}\`, ` +
      `\`W(k) >= ${km(t.minWeekM)}\``,
    severities: ['info'],
    gist:
      '"Fast running was X % of this week\'s distance; physical therapists advise keeping speed sessions to ' +
      'about 10 % of weekly mileage."',
    source: "the product's domain documents; Daniels; weak",
    spikeEvent: true,
    dataKind: 'load',
  },
  R08: {
    id: 'R08',
    title: 'Hard running rose sharply',
    thresholds: {
      share: { value: 0.2, kind: 'share', meaning: 'speed share above which the week is flagged' },
      risingShare: { value: 0.1, kind: 'share', meaning: 'speed share needed by the rising-F branch' },
      fastRatio: { value: 1.5, kind: 'ratio', meaning: 'F(k) above this times the prior weeks mean F' },
      priorWeeks: { value: 4, kind: 'count', meaning: 'prior weeks in the mean F' },
      minCoverage: { value: 0.5, kind: 'share', meaning: 'smallest coverage of the week and prior weeks' },
    },
    condition: (t) =>
      `completed week, \`coverage(k) >= ${t.minCoverage}\`: \`speed_share(k) > ${t.share}\`, or ` +
      `\`speed_share(k) > ${t.risingShare}\` and \`F(k) > ${t.fastRatio} *\` the mean \`F\` of the up to ` +
      `${t.priorWeeks} prior weeks inside history (weeks without runs count \`F = 0\`; a prior week with runs ` +
      `and coverage < ${t.minCoverage} blocks this branch; no prior week inside history: this branch cannot ` +
      'fire). Fires alongside R07',
    severities: ['caution'],
    gist: '"Hard running rose sharply."',
    source: 'Seiler 2010 IJSPP 5:276; Winter 2020 Sports Health 12:296; weak',
    spikeEvent: true,
    dataKind: 'load',
  },
  R09: {
    id: 'R09',
    title: 'Back pain after a load jump',
    thresholds: {
      likelyDays: {
        value: 14,
        kind: 'days',
        meaning: 'days after the spike event that are "likely related"',
      },
      windowDays: { value: 28, kind: 'days', meaning: 'days after the spike event the rule looks' },
    },
    condition: (t) =>
      `back pain below R10's severity logged 0 to ${t.windowDays} days after a spike event ` +
      `(0-${t.likelyDays} days: likely related; later: possibly related)`,
    severities: ['caution'],
    gist: '"Back pain followed a load jump; consider easing off or cross-training."',
    source: 'timing, rules.md section 5',
    spikeEvent: false,
    dataKind: 'health',
  },
  R10: {
    id: 'R10',
    title: 'Marked or lasting back pain after a load jump',
    thresholds: {
      minSeverity: { value: 4, kind: 'severity', meaning: 'severity from which back pain is marked' },
      painDay: {
        value: 3,
        kind: 'count',
        meaning: 'back-pain day, counted from the spike event, that escalates',
      },
      likelyDays: {
        value: 14,
        kind: 'days',
        meaning: 'days after the spike event that are "likely related"',
      },
      windowDays: { value: 28, kind: 'days', meaning: 'days after the spike event the rule looks' },
    },
    condition: (t) =>
      `back pain of severity \`>= ${t.minSeverity}\`, or on day ${t.painDay} or later with back pain counted ` +
      `from the spike event, 0 to ${t.windowDays} days after a spike event. Replaces R09 for that log`,
    severities: ['warning'],
    gist: '"Consider pausing running; get assessed if it persists."',
    source: 'domain documents; timing, rules.md section 5',
    spikeEvent: false,
    dataKind: 'health',
  },
  R11: {
    id: 'R11',
    title: 'Bone-type pain',
    thresholds: {
      lookbackDays: {
        value: 42,
        kind: 'days',
        meaning: 'days before the log a spike event counts (inclusive)',
      },
    },
    condition: (t) =>
      'pain in low back, sacrum/buttock or hip worse with `weight_bearing` or `night_pain`, and ' +
      `(>= 1 BSI factor, or a spike event 0 to ${t.lookbackDays} days before)`,
    severities: ['warning'],
    gist: '"This pattern can occur with a bone stress injury. Stop running and see a clinician soon."',
    source: 'domain documents (sacral stress fracture); Johnson 2001 AJSM 29:498; De Souza 2014 BJSM 48:289',
    spikeEvent: false,
    dataKind: 'health',
  },
  R12: {
    id: 'R12',
    title: 'Cauda equina red flags',
    thresholds: {},
    condition: () =>
      '`saddle_numbness`, `bladder_or_bowel_change`, `sexual_dysfunction` or `both_legs_numb_or_weak`',
    severities: ['urgent'],
    gist: '"Seek emergency care now."',
    source: 'cauda equina red flags (Finucane 2020 JOSPT 50:350)',
    spikeEvent: false,
    dataKind: 'health',
  },
  R13: {
    id: 'R13',
    title: 'One-sided leg numbness or weakness',
    thresholds: {},
    condition: () => '`leg_numbness_one_side` or `leg_weakness_one_side`; urgent when also `progressive`',
    severities: ['warning', 'urgent'],
    gist: '"Get this checked by a clinician promptly."',
    source: 'domain documents; Finucane 2020 JOSPT 50:350',
    spikeEvent: false,
    dataKind: 'health',
  },
  R14: {
    id: 'R14',
    title: 'Back pain with systemic signs',
    thresholds: {},
    condition: () => 'back pain with `fever`, `unexplained_weight_loss`, `cancer_history` or `recent_trauma`',
    severities: ['warning'],
    gist: '"Seek a medical assessment today or tomorrow."',
    source: 'Finucane 2020 JOSPT 50:350',
    spikeEvent: false,
    dataKind: 'health',
  },
  R15: {
    id: 'R15',
    title: 'Severe, disabling or long-lasting pain',
    thresholds: {
      severity: { value: 7, kind: 'severity', meaning: 'severity from which any log is flagged' },
      episodeDays: {
        value: 42,
        kind: 'days',
        meaning: 'episode span (last - first date) above which it is flagged',
      },
    },
    condition: (t) =>
      `a log of severity \`>= ${t.severity}\` or not \`can_walk_normally\` (any region), or a back-pain ` +
      `episode spanning more than ${t.episodeDays} days`,
    severities: ['warning'],
    gist: '"Seek a professional evaluation."',
    source: 'domain documents',
    spikeEvent: false,
    dataKind: 'health',
  },
  R16: {
    id: 'R16',
    title: 'Lasting back pain',
    thresholds: {
      minDays: { value: 2, kind: 'count', meaning: 'fewest days with logs in the episode' },
      minSpanDays: { value: 7, kind: 'days', meaning: 'smallest episode span (last - first date)' },
    },
    condition: (t) =>
      `a back-pain episode with logs on \`>= ${t.minDays}\` days spanning \`>= ${t.minSpanDays}\` days, ` +
      'the latest not lower than the first',
    severities: ['caution'],
    gist: '"Pain that lasts more than a few days deserves a professional opinion."',
    source: 'domain documents',
    spikeEvent: false,
    dataKind: 'health',
  },
  R17: {
    id: 'R17',
    title: 'Cumulative risk score',
    thresholds: {
      cautionScore: { value: 2, kind: 'score', meaning: 'score from which the profile is flagged' },
      warningScore: { value: 6, kind: 'score', meaning: 'score from which the finding is a warning' },
    },
    condition: (t) =>
      `cumulative risk score ${t.cautionScore}-${t.warningScore - 1} / \`>= ${t.warningScore}\``,
    severities: ['caution', 'warning'],
    gist: '"Factors linked to bone stress injury; consider a sports-medicine review."',
    source: 'De Souza 2014 BJSM 48:289; Tenforde 2017 AJSM; Kraus 2019 BJSM 53:237; moderate',
    spikeEvent: false,
    dataKind: 'health',
  },
  R18: {
    id: 'R18',
    title: 'Vitamin D',
    thresholds: {
      deficientNgMl: { value: 20, kind: 'ng-per-ml', meaning: 'below this: caution' },
      insufficientNgMl: { value: 30, kind: 'ng-per-ml', meaning: 'below this: info' },
    },
    condition: (t) =>
      `vitamin D \`< ${t.deficientNgMl} ng/mL\` / ${t.deficientNgMl} to \`< ${t.insufficientNgMl} ng/mL\` ` +
      '(nmol/L divided by 2.496)',
    severities: ['caution', 'info'],
    gist: '"Discuss this result with your clinician." No dosing advice, ever.',
    source: 'Holick 2011 JCEM; thresholds contested (Demay 2024 JCEM 109:1907)',
    spikeEvent: false,
    dataKind: 'health',
  },
  R19: {
    id: 'R19',
    title: 'Return after a break',
    thresholds: {
      gapDays: { value: 14, kind: 'days', meaning: 'days between start dates that make a break' },
      fraction: { value: 0.5, kind: 'fraction', meaning: 'share of the earlier longest run' },
      windowDays: { value: 30, kind: 'days', meaning: 'days (as 24 h) ending with the previous run' },
    },
    condition: (t) =>
      `a run starting ${t.gapDays} or more days after the previous run's start date, longer than ` +
      `${t.fraction} times the longest run of the ${t.windowDays} days that end with that previous run`,
    severities: ['caution'],
    gist: '"Coming back after a break: consider walk-run and a gradual build."',
    source: 'domain documents (return to running); opinion',
    spikeEvent: false,
    dataKind: 'load',
  },
  R20: {
    id: 'R20',
    title: 'Return-to-run mode',
    thresholds: {
      overPlan: { value: 0.1, kind: 'fraction', meaning: "share above the plan's weekly distance" },
    },
    condition: (t) =>
      'in return-to-run mode (a start date and a plan of weekly distances): a back-pain log `during_run`, ' +
      '`after_run` or `next_morning` more severe than the previous one, or a week more than ' +
      `${pct(t.overPlan)} above the plan's distance for that week`,
    severities: ['caution'],
    gist: '"Hold or step back one stage."',
    source: 'Warden 2021 JOSPT 51:322; Neason 2024 BJSM',
    spikeEvent: false,
    dataKind: 'health',
  },
  R21: {
    id: 'R21',
    title: 'Load jump with bone-stress factors',
    thresholds: {
      minFactors: { value: 1, kind: 'count', meaning: 'fewest BSI factors' },
      cautionScore: { value: 2, kind: 'score', meaning: 'score that qualifies without a factor' },
      warningScore: { value: 6, kind: 'score', meaning: 'score from which the finding is a warning' },
    },
    condition: (t) =>
      `a week with a spike event while the athlete has \`>= ${t.minFactors}\` BSI factor or a score ` +
      `\`>= ${t.cautionScore}\`; warning when the score \`>= ${t.warningScore}\`. One finding per week`,
    severities: ['caution', 'warning'],
    gist: '"Load jumped while factors linked to bone stress injury are present."',
    source: "the product's design; De Souza 2014 BJSM 48:289",
    spikeEvent: false,
    dataKind: 'health',
  },
  R22: {
    id: 'R22',
    title: 'Load jump while in pain',
    thresholds: {
      lookbackDays: { value: 14, kind: 'days', meaning: 'days before the spike event that count (from 1)' },
      warningSeverity: { value: 4, kind: 'severity', meaning: 'pain from which the finding is a warning' },
    },
    condition: (t) =>
      `a week with a spike event while back pain was logged 1-${t.lookbackDays} days before it; warning when ` +
      `that pain was \`>= ${t.warningSeverity}\`. One finding per week`,
    severities: ['caution', 'warning'],
    gist: '"Load jumped while you were reporting back pain."',
    source: 'domain documents',
    spikeEvent: false,
    dataKind: 'health',
  },
} as const satisfies { [K in RuleId]: RuleDefinition & { id: K } };

/** The rules whose findings are spike events (spec/rules.md section 2). */
/**
 * Findings about training load alone (spec/rules.md section 7): a linked coach sees these; the others rest on
 * symptom logs or the risk profile and need the athlete's health-data grant.
 */
export const LOAD_FINDING_RULES: readonly RuleId[] = [
  'R01',
  'R02',
  'R03',
  'R04',
  'R05',
  'R06',
  'R07',
  'R08',
  'R19',
];

export const SPIKE_EVENT_RULES = RULE_IDS.filter((id) => RULE_CATALOGUE[id].spikeEvent);

/** The citation string of a rule's findings. */
export function ruleSource(rule: RuleId): string {
  return `${RULE_CATALOGUE[rule].source} (Loadwatch rules.md ${rule})`;
}
