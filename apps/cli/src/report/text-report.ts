import { FRAMING_NOTE, type Finding } from '@loadwatch/domain/rules';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import type { Units } from '../analyze/analyze-options';
import type { Analysis } from '../analyze/analyze';
import { formatChange, formatDistance, formatPace, formatRatio, formatShare } from './format';

/** Stretches of at least this many weeks without any activity are folded into one line. */
const FOLD_EMPTY_WEEKS = 4;

const HEADERS = ['Week', 'Runs', 'Distance', 'Ramp', 'Ramp4', 'Longest', 'Speed share', 'ACWR c/u/e'];

function speedCell(week: WeekMetrics): string {
  if (week.runs === 0) return '–';
  if (week.speedMethod === 'unknown') return 'no threshold';
  const share = formatShare(week.speedShare);
  const coverage =
    week.coverage === null
      ? ''
      : ` (cov ${Math.round(week.coverage * 100)} %${week.lowCoverage ? ', low' : ''})`;
  return `${share}${coverage}`;
}

function weekRow(week: WeekMetrics, units: Units): string[] {
  return [
    week.complete ? week.weekStart : `${week.weekStart}*`,
    String(week.runs),
    formatDistance(week.distanceM, units),
    formatChange(week.ramp),
    formatChange(week.ramp4),
    formatDistance(week.longestM, units),
    speedCell(week),
    [week.acwrCoupled, week.acwrUncoupled, week.acwrEwma].map(formatRatio).join('/'),
  ];
}

function isEmpty(week: WeekMetrics): boolean {
  return week.runs === 0 && week.walkingDistanceM === 0 && week.crossTrainingTimeS === 0;
}

/** Rows of the weekly table, long empty stretches folded. */
function tableRows(weeks: WeekMetrics[], units: Units): (string[] | string)[] {
  const rows: (string[] | string)[] = [];
  for (let i = 0; i < weeks.length;) {
    let j = i;
    while (j < weeks.length && isEmpty(weeks[j])) j += 1;
    if (j - i >= FOLD_EMPTY_WEEKS) {
      rows.push(`… ${j - i} weeks without activity (${weeks[i].weekStart} to ${weeks[j - 1].weekStart}) …`);
      i = j;
    } else {
      rows.push(weekRow(weeks[i], units));
      i += 1;
    }
  }
  return rows;
}

function renderTable(rows: (string[] | string)[]): string {
  const widths = HEADERS.map((h, c) =>
    Math.max(h.length, ...rows.map((r) => (typeof r === 'string' ? 0 : r[c].length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 || c === 6 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ');
  return [line(HEADERS), ...rows.map((r) => (typeof r === 'string' ? `  ${r}` : line(r)))]
    .map((l) => l.trimEnd())
    .join('\n');
}

const BOLD_RED = '\u001b[1;31m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

function findingLines(finding: Finding, color: boolean): string[] {
  const label = finding.severity === 'urgent' ? '!! URGENT' : finding.severity;
  const relation = finding.relation ? `, ${finding.relation} related` : '';
  const head = `${label.padEnd(10)} ${finding.date}  ${finding.rule}  ${finding.anchor.kind} of ${finding.anchor.date}${relation}`;
  const styled = !color ? head : `${finding.severity === 'urgent' ? BOLD_RED : BOLD}${head}${RESET}`;
  return [`  ${styled}`, `            ${finding.message}`, `            Source: ${finding.source}`];
}

/** Findings, most serious first (the rules library's order); urgent ones stand out. */
export function renderFindings(findings: Finding[], color: boolean): string[] {
  if (findings.length === 0) return ['No findings.'];
  return [
    `Findings, most serious first (${findings.length}):`,
    ...findings.flatMap((f) => findingLines(f, color)),
  ];
}

/** The human-readable report: the weekly table, the findings, then what could not be read. */
export function renderTextReport(analysis: Analysis, units: Units, { color = false } = {}): string {
  const { load } = analysis;
  const out: string[] = [];
  const runs = load.runs.length;
  out.push(
    `${analysis.activities.length} activities (${runs} runs) from ${analysis.activities.length === 0 ? 0 : new Set(analysis.activities.map((a) => a.file)).size} files; time zone ${load.settings.timeZone}, weeks start ${load.settings.weekStart}.`,
  );
  if (load.weeks.length > 0) {
    out.push('', renderTable(tableRows(load.weeks, units)));
    const last = load.weeks[load.weeks.length - 1];
    if (!last.complete) out.push('* week to date');
    const threshold = last.thresholdSpeedMps;
    out.push(
      threshold === null
        ? 'Speed share needs a threshold pace: set one with --threshold-pace m:ss (or record a run of 12 minutes or more).'
        : `Threshold pace: ${formatPace(threshold, units)} (${last.speedMethod === 'setting' ? 'your setting' : 'critical speed from your 3- and 12-minute bests'}).`,
      'ACWR: acute:chronic ratios (rolling coupled / uncoupled / EWMA), a rough comparison whose meaning research disputes.',
    );
  }
  out.push('', ...renderFindings(analysis.findings, color), '', FRAMING_NOTE);
  if (analysis.duplicates.length > 0) {
    out.push('', `${analysis.duplicates.length} duplicate files counted once.`);
  }
  if (analysis.rejected.length > 0) {
    out.push('', `${analysis.rejected.length} files could not be read:`);
    for (const r of analysis.rejected) out.push(`  ${r.file}: ${r.reason}`);
  }
  return out.join('\n') + '\n';
}
