import type { DistanceUnits } from '@loadwatch/shared/contracts';
import { AGGRAVATORS, NEUROLOGICAL_QUESTIONS, REGIONS, SYSTEMIC_QUESTIONS } from '../app/texts';
import { formatDistance, formatLocalDate, formatPercent, formatRatio, humanize } from './format';

/** One number (or list) of a finding's evidence, labelled and in the user's units. */
export interface EvidenceLine {
  key: string;
  label: string;
  value: string;
}

type Kind =
  | 'distance'
  | 'date'
  | 'dates'
  | 'percent'
  | 'change'
  | 'ratio'
  | 'days'
  | 'count'
  | 'severity'
  | 'rules'
  | 'text';

/**
 * The evidence keys the rules of libs/domain/rules write (spec/rules.md section 6), with their labels and how
 * their values read: metres as distances, fractions as percentages, local dates as dates. Keys not listed
 * here fall back to a generic rendering (see `formatEvidence`).
 */
const KNOWN: Record<string, { label: string; kind: Kind }> = {
  // R01, R02
  spike: { label: 'This run against your longest of the 30 days before', kind: 'percent' },
  distanceM: { label: 'Run distance', kind: 'distance' },
  longestPrior30DaysM: { label: 'Longest run of the 30 days before', kind: 'distance' },
  runsInWindow: { label: 'Runs in those 30 days', kind: 'count' },
  weekStart: { label: 'Week of', kind: 'date' },
  // R03, R04, R06, R07, R08
  crossedOn: { label: 'Threshold crossed on', kind: 'date' },
  weekToDateM: { label: 'Week to date', kind: 'distance' },
  previousWeekM: { label: 'Previous week', kind: 'distance' },
  ratio: { label: 'Week to date against the previous week', kind: 'percent' },
  weekM: { label: 'Week distance', kind: 'distance' },
  ramp: { label: 'Change from the previous week', kind: 'change' },
  monotony: { label: 'Monotony (mean / standard deviation of daily load)', kind: 'ratio' },
  baseM: { label: 'Mean of the 4 weeks before', kind: 'distance' },
  speedShare: { label: 'Share of fast running', kind: 'percent' },
  coverage: { label: 'Distance with known speed', kind: 'percent' },
  fastM: { label: 'Fast distance', kind: 'distance' },
  coveredM: { label: 'Distance with known speed', kind: 'distance' },
  branch: { label: 'Why', kind: 'text' },
  priorWeeks: { label: 'Weeks compared', kind: 'count' },
  priorMeanFastM: { label: 'Mean fast distance of those weeks', kind: 'distance' },
  // R05
  firstDate: { label: 'First day', kind: 'date' },
  days: { label: 'Days', kind: 'count' },
  maxAcwrEwma: { label: 'Highest acute:chronic ratio (EWMA)', kind: 'ratio' },
  // R09-R16, R20, R22
  severity: { label: 'Pain severity', kind: 'severity' },
  spikeDate: { label: 'Load jump on', kind: 'date' },
  spikeDates: { label: 'Load jumps on', kind: 'dates' },
  spikeRules: { label: 'Load jumps found by', kind: 'rules' },
  daysAfterSpike: { label: 'Days after the load jump', kind: 'days' },
  backPainDay: { label: 'Day with back pain since the load jump', kind: 'count' },
  countedFrom: { label: 'Counted from', kind: 'date' },
  region: { label: 'Where', kind: 'text' },
  aggravators: { label: 'Worse with', kind: 'text' },
  factors: { label: 'Bone-health factors', kind: 'text' },
  profileDate: { label: 'Bone-health answers of', kind: 'date' },
  profileDates: { label: 'Bone-health answers of', kind: 'dates' },
  flags: { label: 'You reported', kind: 'text' },
  progressive: { label: 'Getting worse', kind: 'text' },
  reasons: { label: 'Reasons', kind: 'text' },
  episodeSpanDays: { label: 'Back-pain episode so far', kind: 'days' },
  lastDate: { label: 'Last day', kind: 'date' },
  spanDays: { label: 'Spanning', kind: 'days' },
  daysWithLogs: { label: 'Days with a log', kind: 'count' },
  firstSeverity: { label: 'Severity on the first day', kind: 'severity' },
  lastSeverity: { label: 'Severity on the last day', kind: 'severity' },
  maxSeverity: { label: 'Highest pain severity', kind: 'severity' },
  previousSeverity: { label: 'Previous pain severity', kind: 'severity' },
  previousDate: { label: 'Previous log', kind: 'date' },
  // R17, R18, R21
  score: { label: 'Risk score (points)', kind: 'count' },
  itemsUsed: { label: 'Scored answers', kind: 'text' },
  itemsNotScored: { label: 'Not scored', kind: 'text' },
  value: { label: 'Vitamin D result', kind: 'text' },
  ngMl: { label: 'Vitamin D in ng/mL', kind: 'text' },
  testDate: { label: 'Tested on', kind: 'date' },
  // R19
  gapDays: { label: 'Days since the previous run', kind: 'days' },
  longestBeforeBreakM: { label: 'Longest run of the 30 days before the break', kind: 'distance' },
  previousRunDate: { label: 'Previous run', kind: 'date' },
  // R20 plan
  planWeek: { label: 'Plan week', kind: 'count' },
  plannedM: { label: 'Planned distance', kind: 'distance' },
  limitM: { label: 'Limit (plan + 10 %)', kind: 'distance' },
  exceededOn: { label: 'Limit passed on', kind: 'date' },
};

/** Shown with `value` (the vitamin D result carries its unit beside it). */
const FOLDED = new Set(['activityIds', 'logIds', 'unit']);

const BRANCHES: Record<string, string> = {
  share: 'fast running above 20 % of the week',
  rising: 'fast distance above 1.5 times the weeks before',
};

const FACTORS: Record<string, string> = {
  disordered_eating: 'disordered eating',
  low_bmi: 'low body-mass index',
  delayed_menarche: 'late first period',
  oligo_amenorrhoea: 'few or missing periods',
  low_bmd: 'low bone density',
  prior_bsi: 'a previous bone stress injury',
  low_vitamin_d: 'low vitamin D',
  malabsorption: 'a condition that limits absorption',
};

const ITEM_STATUS: Record<string, string> = {
  missing: 'not answered',
  declined: 'preferred not to say',
  not_applicable: 'does not apply',
};

function wordFor(token: string): string {
  return (
    REGIONS.find((r) => r.value === token)?.label.toLowerCase() ??
    AGGRAVATORS.find((a) => a.value === token)?.label.toLowerCase() ??
    NEUROLOGICAL_QUESTIONS.find((q) => q.value === token)?.label.toLowerCase() ??
    SYSTEMIC_QUESTIONS.find((q) => q.value === token)?.label.toLowerCase() ??
    FACTORS[token] ??
    BRANCHES[token] ??
    humanize(token)
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** `weekToDateM` -> `Week to date m` would be the raw key; this makes `Week to date`. */
export function labelOfKey(key: string): string {
  const words = key
    .replace(/(M|S|Mps|Ms|Pct|Spm|Bpm)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Any value, readably: dates as dates, lists joined, objects as `name: value` pairs, booleans as yes/no. */
export function genericValue(value: unknown, units: DistanceUnits, key = ''): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (/[a-z]M$/.test(key)) return formatDistance(value, units);
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  }
  if (typeof value === 'string') {
    if (DATE.test(value)) return formatLocalDate(value);
    if (INSTANT.test(value)) return formatLocalDate(value.slice(0, 10));
    return wordFor(value);
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? 'none' : value.map((v) => genericValue(v, units, key)).join(', ');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${labelOfKey(k).toLowerCase()}: ${genericValue(v, units, k)}`)
      .join('; ');
  }
  return String(value);
}

function valueOf(
  key: string,
  kind: Kind,
  value: unknown,
  evidence: Record<string, unknown>,
  units: DistanceUnits,
) {
  if (value === null || value === undefined) return '—';
  switch (kind) {
    case 'distance':
      return typeof value === 'number' ? formatDistance(value, units) : genericValue(value, units);
    case 'percent':
      return typeof value === 'number' ? formatPercent(value, false, 0) : genericValue(value, units);
    case 'change':
      return typeof value === 'number' ? formatPercent(value, true, 0) : genericValue(value, units);
    case 'ratio':
      return typeof value === 'number' ? formatRatio(value) : genericValue(value, units);
    case 'days':
      return typeof value === 'number'
        ? value === 1
          ? '1 day'
          : `${value} days`
        : genericValue(value, units);
    case 'severity':
      return typeof value === 'number' ? `${value} of 10` : genericValue(value, units);
    case 'rules':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'date':
    case 'dates':
    case 'count':
      return genericValue(value, units);
    case 'text':
      return textValue(key, value, evidence, units);
  }
}

function textValue(key: string, value: unknown, evidence: Record<string, unknown>, units: DistanceUnits) {
  if (key === 'value' && typeof value === 'number' && typeof evidence['unit'] === 'string') {
    return `${value} ${evidence['unit']}`;
  }
  if (key === 'itemsUsed' && Array.isArray(value)) {
    return value
      .map((row) => {
        const { item, points } = row as { item?: string; points?: number };
        return `${wordFor(item ?? '')} (${points === 1 ? '1 point' : `${points ?? 0} points`})`;
      })
      .join(', ');
  }
  if (key === 'itemsNotScored' && Array.isArray(value)) {
    return value
      .map((row) => {
        const { item, status } = row as { item?: string; status?: string };
        return `${wordFor(item ?? '')} (${ITEM_STATUS[status ?? ''] ?? humanize(status ?? '')})`;
      })
      .join(', ');
  }
  return genericValue(value, units, key);
}

/**
 * A finding's evidence as labelled lines in the user's units, in the order the rule wrote them; the id lists
 * are shown apart (as runs and logs). Unknown keys still read as words: the key split into words, dates
 * formatted, metres (keys ending in `M`) as distances, lists joined.
 */
export function formatEvidence(evidence: Record<string, unknown>, units: DistanceUnits): EvidenceLine[] {
  return Object.entries(evidence)
    .filter(([key]) => !FOLDED.has(key) || (key === 'unit' && !('value' in evidence)))
    .map(([key, value]) => {
      const known = KNOWN[key];
      return known
        ? { key, label: known.label, value: valueOf(key, known.kind, value, evidence, units) }
        : { key, label: labelOfKey(key), value: genericValue(value, units, key) };
    });
}
