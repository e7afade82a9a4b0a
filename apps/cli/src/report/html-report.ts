import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { FRAMING_NOTE, type Finding } from '@loadwatch/domain/rules';
import type { Units } from '../analyze/analyze-options';
import type { Analysis } from '../analyze/analyze';
import { formatChange, formatDistance, formatPace, formatRatio, formatShare } from './format';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** uPlot's browser build and stylesheet, inlined so the report is one file that works offline. */
function uplotAssets(): { js: string; css: string } {
  return {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}

/** JSON for a <script> block: `<` escaped so no data can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function evidenceText(finding: Finding): string {
  return Object.entries(finding.evidence)
    .filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');
}

function findingsSection(findings: Finding[]): string {
  if (findings.length === 0) return '<h2>Findings</h2>\n<p>No findings.</p>';
  const items = findings
    .map(
      (f) => `<li class="finding ${f.severity}">
<details${f.severity === 'urgent' ? ' open' : ''}><summary><strong class="sev">${f.severity.toUpperCase()}</strong> ${f.date} · ${f.rule} · ${escapeHtml(f.anchor.kind)} of ${f.anchor.date}${f.relation ? ` (${f.relation} related)` : ''}: ${escapeHtml(f.message)}</summary>
<p>Evidence: ${escapeHtml(evidenceText(f))}</p><p>Source: ${escapeHtml(f.source)}</p></details></li>`,
    )
    .join('\n');
  return `<h2>Findings, most serious first</h2>\n<ul class="findings">\n${items}\n</ul>`;
}

/**
 * A self-contained HTML report: a chart of weekly distance (bars), ramp and speed share (lines), the weekly
 * table, the findings with their evidence and source, and the files that could not be read.
 */
export function renderHtmlReport(analysis: Analysis, units: Units): string {
  const { load } = analysis;
  const scale = units === 'mi' ? 1609.344 : 1000;
  const chart = {
    x: load.weeks.map((w) => DateTime.fromISO(w.weekStart, { zone: 'utc' }).toSeconds()),
    distance: load.weeks.map((w) => Number((w.distanceM / scale).toFixed(2))),
    ramp: load.weeks.map((w) => (w.ramp === null ? null : Number((w.ramp * 100).toFixed(1)))),
    share: load.weeks.map((w) => (w.speedShare === null ? null : Number((w.speedShare * 100).toFixed(1)))),
    units,
  };
  const rows = load.weeks
    .map(
      (w) => `<tr${w.complete ? '' : ' class="to-date"'}>
<th scope="row">${w.weekStart}${w.complete ? '' : ' (to date)'}</th><td>${w.runs}</td><td>${formatDistance(w.distanceM, units)}</td>
<td>${formatChange(w.ramp)}</td><td>${formatChange(w.ramp4)}</td><td>${formatDistance(w.longestM, units)}</td>
<td>${w.speedMethod === 'unknown' && w.runs > 0 ? 'needs threshold pace' : formatShare(w.speedShare)}${w.lowCoverage ? ' (low coverage)' : ''}</td>
<td>${formatShare(w.coverage)}</td><td>${formatRatio(w.monotony)}</td>
<td>${formatRatio(w.acwrCoupled)} / ${formatRatio(w.acwrUncoupled)} / ${formatRatio(w.acwrEwma)}</td></tr>`,
    )
    .join('\n');
  const rejected = analysis.rejected
    .map((r) => `<li><code>${escapeHtml(r.file)}</code>: ${escapeHtml(r.reason)}</li>`)
    .join('\n');
  const last = load.weeks[load.weeks.length - 1];
  const threshold = last?.thresholdSpeedMps ?? null;
  const { js, css } = uplotAssets();

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loadwatch report</title>
<style>${css}
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem; color: #1d2430; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid #dde2ea; text-align: right; white-space: nowrap; }
th:first-child, thead th { text-align: left; }
tr.to-date { font-style: italic; }
.note { background: #f4f6fa; border-left: 4px solid #5b6b86; padding: .75rem 1rem; }
.chart { overflow-x: auto; }
.findings { list-style: none; padding: 0; }
.finding { border-left: 6px solid #8a94a6; padding: .4rem .8rem; margin: .4rem 0; background: #fafbfc; }
.finding.urgent { border-color: #b00020; background: #fdecee; }
.finding.warning { border-color: #c2571a; }
.finding.caution { border-color: #b08900; }
.finding.urgent .sev { color: #b00020; }
</style>
</head>
<body>
<h1>Loadwatch: weekly running load</h1>
<p>${analysis.activities.length} activities, ${load.runs.length} runs. Time zone ${escapeHtml(load.settings.timeZone)}; weeks start on ${load.settings.weekStart}.
Threshold pace: ${threshold === null ? 'unknown (set one to see the speed share)' : `${formatPace(threshold, units)} (${last.speedMethod === 'setting' ? 'your setting' : 'critical speed estimate'})`}.</p>
<p class="note">${FRAMING_NOTE}</p>
${findingsSection(analysis.findings)}
<h2>Weekly distance, ramp and speed share</h2>
<div class="chart" id="chart" role="img" aria-label="Bar chart of weekly distance with lines for the week-over-week ramp and the speed-work share; the same numbers are in the table below."></div>
<h2>Weeks</h2>
<table>
<thead><tr><th scope="col">Week</th><th scope="col">Runs</th><th scope="col">Distance</th><th scope="col">Ramp</th><th scope="col">Ramp vs 4 weeks</th><th scope="col">Longest run</th><th scope="col">Speed share</th><th scope="col">Coverage</th><th scope="col">Monotony</th><th scope="col">ACWR coupled / uncoupled / EWMA</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>Acute:chronic ratios are shown as a rough comparison; research disputes their meaning, and no finding rests on them alone.</p>
${rejected ? `<h2>Files that could not be read</h2>\n<ul>\n${rejected}\n</ul>` : ''}
<script>${js}</script>
<script>
(function () {
  var d = ${scriptJson(chart)};
  if (!d.x.length) return;
  var el = document.getElementById('chart');
  var bars = uPlot.paths.bars({ size: [0.7, 60] });
  new uPlot({
    width: Math.max(640, Math.min(1100, d.x.length * 28)), height: 320,
    scales: { x: { time: true }, dist: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } }, pct: { auto: true } },
    axes: [{}, { scale: 'dist', label: 'Distance (' + d.units + ')' }, { scale: 'pct', side: 1, label: '%', grid: { show: false } }],
    series: [
      { label: 'Week' },
      { label: 'Distance (' + d.units + ')', scale: 'dist', fill: 'rgba(59,110,165,0.55)', stroke: '#3b6ea5', paths: bars },
      { label: 'Ramp (%)', scale: 'pct', stroke: '#c2571a', width: 2, dash: [6, 4] },
      { label: 'Speed share (%)', scale: 'pct', stroke: '#2e7d4f', width: 2 }
    ]
  }, [d.x, d.distance, d.ramp, d.share], el);
})();
</script>
</body>
</html>
`;
}
