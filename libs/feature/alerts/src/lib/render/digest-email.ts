import type { FindingEntity } from '@loadwatch/data-access/db';
import type { AthleteDigest, CoachDigest } from '../digest/digest-composer.service';
import { barChartHtml, barChartText, type Bar } from './bar-chart';
import { escapeHtml, formatChange, formatDistance, formatShare, type EmailBody } from './html';

const SEVERITY_COLOUR: Record<string, string> = {
  urgent: '#b00020',
  warning: '#c25e00',
  caution: '#9a7b00',
  info: '#555555',
};

/** The athlete's weekly digest: the week's numbers, its findings, and the last weeks as bars. */
export function athleteDigestBody(digest: AthleteDigest): EmailBody & { subject: string } {
  const units = digest.athlete.units;
  const m = digest.metrics;
  const longest = m?.metrics.longestM ?? null;
  const coverage = m?.coverage ?? null;
  const facts: [string, string][] = [
    ['Distance', formatDistance(m?.distanceM ?? 0, units) + ` in ${m?.runs ?? 0} runs`],
    ['Change on the week before (ramp)', formatChange(m?.ramp ?? null)],
    ['Change on the 4 weeks before (ramp4)', formatChange(m?.ramp4 ?? null)],
    [
      'Fast running (speed share)',
      `${formatShare(m?.speedShare ?? null)}` +
        (coverage === null ? '' : ` (speed known for ${Math.round(coverage * 100)} % of the distance)`),
    ],
    ['Longest run', longest === null ? 'none' : formatDistance(longest, units)],
  ];
  const bars: Bar[] = digest.chart.map((week) => ({
    label: week.weekStart,
    value: week.distanceM,
    caption: formatDistance(week.distanceM, units),
    highlight: week.weekStart === digest.week,
  }));
  const title = `Your week of ${digest.week} to ${digest.weekEnd}`;
  const html =
    `<table role="presentation" cellpadding="0" cellspacing="0" width="100%">` +
    facts
      .map(
        ([label, value]) =>
          `<tr><td style="padding:3px 8px 3px 0;color:#555">${escapeHtml(label)}</td>` +
          `<td style="padding:3px 0;font-weight:bold">${escapeHtml(value)}</td></tr>`,
      )
      .join('') +
    `</table>` +
    `<h2 style="font-size:16px;margin:18px 0 4px 0">The last ${digest.chart.length} weeks</h2>` +
    barChartHtml(bars) +
    `<h2 style="font-size:16px;margin:18px 0 4px 0">Findings of the week</h2>` +
    findingsHtml(digest.findings) +
    (digest.openFindings > digest.findings.length
      ? `<p style="margin:8px 0 0 0">${digest.openFindings - digest.findings.length} other findings are still open on your dashboard.</p>`
      : '');
  const text = [
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    `The last ${digest.chart.length} weeks:`,
    barChartText(bars),
    '',
    'Findings of the week:',
    findingsText(digest.findings),
    ...(digest.openFindings > digest.findings.length
      ? [
          '',
          `${digest.openFindings - digest.findings.length} other findings are still open on your dashboard.`,
        ]
      : []),
  ].join('\n');
  return { subject: `Loadwatch: your week of ${digest.week}`, title, html, text };
}

/** A coach's digest: one table of all linked athletes, most serious first, within each athlete's grant. */
export function coachDigestBody(digest: CoachDigest): EmailBody & { subject: string } {
  const units = digest.coach.units;
  const header = ['Athlete', 'Week', 'Distance', 'Ramp', 'Speed share', 'Open findings'];
  const cells = digest.rows.map((row) => [
    row.name,
    row.week,
    formatDistance(row.metrics?.distanceM ?? 0, units),
    formatChange(row.metrics?.ramp ?? null),
    formatShare(row.metrics?.speedShare ?? null),
    row.findings.length === 0
      ? 'none'
      : row.findings.map((f) => `${f.rule} ${f.severity}`).join(', ') +
        (row.healthAccess ? '' : ' (load only: no health-data access)'),
  ]);
  const html =
    `<table cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;font-size:13px">` +
    `<tr>${header.map((h) => `<th align="left" style="padding:4px;border-bottom:1px solid #ccc">${h}</th>`).join('')}</tr>` +
    digest.rows
      .map((row, i) => {
        const colour = row.worst ? SEVERITY_COLOUR[row.worst] : '#222';
        return (
          `<tr>` +
          cells[i]
            .map(
              (cell, j) =>
                `<td style="padding:4px;border-bottom:1px solid #eee;${j === 5 ? `color:${colour}` : ''}">${escapeHtml(cell)}</td>`,
            )
            .join('') +
          `</tr>`
        );
      })
      .join('') +
    `</table>`;
  const text = cells.map((row) => row.join(' | ')).join('\n');
  return {
    subject: "Loadwatch: your athletes' week",
    title: `Your athletes' week (${digest.rows.length} linked)`,
    html,
    text: `${header.join(' | ')}\n${text}`,
  };
}

function findingsHtml(findings: readonly FindingEntity[]): string {
  if (findings.length === 0) return '<p style="margin:0">No findings this week.</p>';
  return (
    '<table role="presentation" cellpadding="0" cellspacing="0" width="100%">' +
    findings
      .map(
        (f) =>
          `<tr><td style="padding:4px 8px 4px 0;vertical-align:top;white-space:nowrap;color:${SEVERITY_COLOUR[f.severity] ?? '#222'};font-weight:bold">${escapeHtml(f.severity)}</td>` +
          `<td style="padding:4px 0">${escapeHtml(`${f.rule}, ${f.date}: ${f.message}`)}</td></tr>`,
      )
      .join('') +
    '</table>'
  );
}

function findingsText(findings: readonly FindingEntity[]): string {
  if (findings.length === 0) return 'No findings this week.';
  return findings.map((f) => `- [${f.severity}] ${f.rule}, ${f.date}: ${f.message}`).join('\n');
}
