import { compareText } from './evaluation-context';
import { daysBetween } from './local-date';
import { isBackPain, type SymptomLog } from './symptom-log';

/** Back-pain logs at most this many days apart belong to one episode (spec/rules.md section 2). */
export const EPISODE_MAX_GAP_DAYS = 14;

export interface BackPainDay {
  date: string;
  /** Highest severity logged that day (low back and sacrum/buttock together). */
  severity: number;
  logIds: string[];
}

/** A run of back-pain logs whose consecutive dates are at most 14 days apart (spec/rules.md section 2). */
export interface BackPainEpisode {
  /** The anchor of episode findings: the first log of the first date (lowest id when several). */
  firstLog: SymptomLog;
  firstDate: string;
  lastDate: string;
  /** Days from the first to the last date (0 for a single day). */
  spanDays: number;
  days: BackPainDay[];
}

/** The back-pain episodes of `logs` (any order), oldest first. */
export function findBackPainEpisodes(logs: readonly SymptomLog[]): BackPainEpisode[] {
  const backPain = logs
    .filter(isBackPain)
    .sort((a, b) => compareText(a.date, b.date) || compareText(a.id, b.id));
  const episodes: BackPainEpisode[] = [];
  let current: { firstLog: SymptomLog; days: BackPainDay[] } | null = null;
  for (const log of backPain) {
    const lastDay: BackPainDay | undefined = current?.days[current.days.length - 1];
    if (current && lastDay && lastDay.date === log.date) {
      lastDay.severity = Math.max(lastDay.severity, log.severity);
      lastDay.logIds.push(log.id);
    } else if (current && lastDay && daysBetween(lastDay.date, log.date) <= EPISODE_MAX_GAP_DAYS) {
      current.days.push({ date: log.date, severity: log.severity, logIds: [log.id] });
    } else {
      if (current) episodes.push(toEpisode(current));
      current = { firstLog: log, days: [{ date: log.date, severity: log.severity, logIds: [log.id] }] };
    }
  }
  if (current) episodes.push(toEpisode(current));
  return episodes;
}

function toEpisode(draft: { firstLog: SymptomLog; days: BackPainDay[] }): BackPainEpisode {
  const firstDate = draft.days[0].date;
  const lastDate = draft.days[draft.days.length - 1].date;
  return {
    firstLog: draft.firstLog,
    firstDate,
    lastDate,
    spanDays: daysBetween(firstDate, lastDate),
    days: draft.days,
  };
}
