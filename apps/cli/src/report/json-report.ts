import type { Activity } from '@loadwatch/domain/activity';
import type { Analysis } from '../analyze/analyze';

/** Version of the `--json` document; bumped on any incompatible change (docs/cli-json.md). */
export const JSON_REPORT_VERSION = 1;

function activitySummary(activity: Analysis['activities'][number]) {
  const { stream, ...rest } = activity as Activity & { file: string };
  return {
    ...rest,
    startUtc: new Date(activity.startMs).toISOString(),
    records: stream?.timeS.length ?? 0,
  };
}

/** The `--json` document: a stable interface documented in docs/cli-json.md. */
export function buildJsonReport(analysis: Analysis) {
  const { load } = analysis;
  return {
    version: JSON_REPORT_VERSION,
    settings: {
      timeZone: load.settings.timeZone,
      weekStart: load.settings.weekStart,
      thresholdSpeedMps: load.settings.thresholdSpeedMps ?? null,
      asOf: load.asOf,
      historyStart: load.historyStart,
    },
    weeks: load.weeks,
    runs: load.runs,
    activities: analysis.activities.map(activitySummary),
    rejected: analysis.rejected,
    duplicates: analysis.duplicates,
    findings: analysis.findings,
  };
}

export type JsonReport = ReturnType<typeof buildJsonReport>;
