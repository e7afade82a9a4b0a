import type { Activity, ActivitySource, Device, Lap, RecordStream, SportClass } from './activity';

/**
 * One run seen by several sources (a FIT upload, Strava, Garmin) is one activity with all its provenances
 * (issue 6; design.md, data flow step 2). This file holds the pure rules: when two sources are the same
 * run, and which source gives each field of the merged activity.
 */

/** Two sources are the same run only if their starts lie at most this far apart (issue 6). */
export const MATCH_START_TOLERANCE_MS = 60_000;

/** ... and their durations differ by at most this share of the longer one (issue 6). */
export const MATCH_DURATION_TOLERANCE = 0.05;

/**
 * Precedence of the sources, best first. A device file's record stream beats a provider's summary, so a FIT
 * upload comes first; Garmin's own files and summaries come from the device too; Strava last, since
 * it resamples and lets the athlete edit, and since its data may not reach coaches (spec/rules.md section 7).
 */
export const SOURCE_PRECEDENCE: readonly ActivitySource[] = ['fit', 'garmin', 'strava'];

/** The natural key of one source's activity: `fit:<sha256>:<session index>`, `strava:<id>`, `garmin:<id>`. */
export function sourceKeyOf(source: ActivitySource, externalId: string): string {
  return `${source}:${externalId}`;
}

/** A source's view of a run: a normalized activity without its id. */
export type SourceActivity = Omit<Activity, 'id'>;

/** When and how long: what matching looks at. */
export type RunWindow = Pick<Activity, 'startMs' | 'movingTimeS' | 'elapsedTimeS'>;

/** The fields chosen for a merged activity. `sport` covers `subSport` and `sportClass` too. */
export type MergedField =
  | 'sport'
  | 'startMs'
  | 'utcOffsetS'
  | 'distanceM'
  | 'movingTimeS'
  | 'elapsedTimeS'
  | 'ascentM'
  | 'descentM'
  | 'avgHeartRateBpm'
  | 'avgCadenceSpm'
  | 'laps'
  | 'device'
  | 'stream';

/** Which source each chosen field came from (fields no source has are left out). */
export type FieldSources = Partial<Record<MergedField, ActivitySource>>;

export interface MergedActivity {
  /** The first source in precedence: it names the activity (its source, key and upload). */
  primary: ActivitySource;
  sport: string;
  subSport: string | null;
  sportClass: SportClass;
  startMs: number;
  utcOffsetS: number | null;
  distanceM: number | null;
  movingTimeS: number | null;
  elapsedTimeS: number | null;
  ascentM: number | null;
  descentM: number | null;
  avgHeartRateBpm: number | null;
  avgCadenceSpm: number | null;
  laps: Lap[];
  device: Device | null;
  stream: RecordStream | null;
  fieldSources: FieldSources;
}

/** An activity already stored, as a candidate for a new source to merge into. */
export interface MergeCandidate extends RunWindow {
  activityId: string;
  /** The kinds of source it already has. */
  sources: readonly ActivitySource[];
  /** One of its sources was split off by the athlete: the activity takes no other source. */
  keptApart: boolean;
}

/**
 * True when two sources describe the same run: starts at most 60 s apart, and durations within 5 % of the
 * longer one. Durations of one kind are compared (elapsed with elapsed, moving with moving) and one close
 * pair is enough, since the sources measure moving time differently (FIT timer time, Strava's own stop
 * detection). A source with a single duration (a Garmin summary's `durationInSeconds`, timer time) is also
 * compared with each duration of the other: a run with minutes at traffic lights has Strava's moving time
 * more than 5 % below Garmin's duration, but Strava's elapsed time close to it. A source without any
 * duration never matches.
 */
export function isSameRun(a: RunWindow, b: RunWindow): boolean {
  if (Math.abs(a.startMs - b.startMs) > MATCH_START_TOLERANCE_MS) return false;
  const close = (da: number, db: number) => Math.abs(da - db) <= MATCH_DURATION_TOLERANCE * Math.max(da, db);
  const pairs: [number, number][] = [];
  if (positive(a.elapsedTimeS) && positive(b.elapsedTimeS)) pairs.push([a.elapsedTimeS, b.elapsedTimeS]);
  if (positive(a.movingTimeS) && positive(b.movingTimeS)) pairs.push([a.movingTimeS, b.movingTimeS]);
  if (pairs.some(([da, db]) => close(da, db))) return true;
  const durations = (w: RunWindow) => [w.elapsedTimeS, w.movingTimeS].filter(positive);
  if (durations(a).length !== 1 && durations(b).length !== 1) return false;
  return durations(a).some((da) => durations(b).some((db) => close(da, db)));
}

function positive(value: number | null): value is number {
  return value !== null && value > 0;
}

/**
 * The stored activity a new source merges into, or null. An activity never holds two sources of one kind
 * (two watches' files of one run stay two activities, as before merging existed), and one the athlete split
 * takes nothing more. Among several matches the nearest start wins.
 */
export function findMergeTarget(
  incoming: RunWindow & { source: ActivitySource },
  candidates: readonly MergeCandidate[],
): MergeCandidate | null {
  let best: MergeCandidate | null = null;
  for (const candidate of candidates) {
    if (candidate.keptApart || candidate.sources.includes(incoming.source)) continue;
    if (!isSameRun(incoming, candidate)) continue;
    const distance = Math.abs(candidate.startMs - incoming.startMs);
    const bestDistance = best ? Math.abs(best.startMs - incoming.startMs) : Infinity;
    if (
      distance < bestDistance ||
      (distance === bestDistance && best && candidate.activityId < best.activityId)
    ) {
      best = candidate;
    }
  }
  return best;
}

/** Sources in precedence order (fit, garmin, strava). */
export function byPrecedence<T extends { source: ActivitySource }>(sources: readonly T[]): T[] {
  return [...sources].sort(
    (a, b) => SOURCE_PRECEDENCE.indexOf(a.source) - SOURCE_PRECEDENCE.indexOf(b.source),
  );
}

type ScalarField = Exclude<MergedField, 'sport' | 'startMs' | 'laps' | 'stream' | 'device'>;

const SCALAR_FIELDS: readonly ScalarField[] = [
  'utcOffsetS',
  'distanceM',
  'movingTimeS',
  'elapsedTimeS',
  'ascentM',
  'descentM',
  'avgHeartRateBpm',
  'avgCadenceSpm',
];

/**
 * The merged activity, field by field. Precedence per field (SOURCE_PRECEDENCE: fit, garmin, strava):
 * - `sport` (with `subSport`, `sportClass`) and `startMs`: the primary source's, never mixed, since sport
 *   names and start instants differ between sources;
 * - `stream`: the first source with a record stream, so a file's records beat a provider's resampled one;
 * - `laps`: the first source with any laps; `device`: the first that names one;
 * - every other field (offset, distance, times, ascent, descent, heart rate, cadence): the first source
 *   that has a value, so a Garmin summary fills what a file lacks.
 * Strava fills nothing once a FIT file or Garmin is among the sources: such an activity is shown to
 * coaches, and no number of it may come from Strava (spec/rules.md section 7). A Strava-only activity is
 * Strava's throughout and shown to the athlete alone.
 * @throws when `sources` is empty.
 */
export function mergeSources(sources: readonly SourceActivity[]): MergedActivity {
  const ordered = byPrecedence(sources);
  const primary = ordered[0];
  if (!primary) throw new Error('mergeSources needs at least one source.');
  const usable = primary.source === 'strava' ? ordered : ordered.filter((s) => s.source !== 'strava');
  const fieldSources: FieldSources = { sport: primary.source, startMs: primary.source };

  const first = (field: MergedField, has: (s: SourceActivity) => boolean): SourceActivity | undefined => {
    const found = usable.find(has);
    if (found) fieldSources[field] = found.source;
    return found;
  };

  const scalars = {} as Record<ScalarField, number | null>;
  for (const field of SCALAR_FIELDS) {
    scalars[field] = first(field, (s) => s[field] !== null)?.[field] ?? null;
  }
  const laps = first('laps', (s) => s.laps.length > 0)?.laps ?? [];
  const device = first('device', (s) => s.device !== null)?.device ?? null;
  const stream = first('stream', (s) => s.stream !== null)?.stream ?? null;

  return {
    primary: primary.source,
    sport: primary.sport,
    subSport: primary.subSport,
    sportClass: primary.sportClass,
    startMs: primary.startMs,
    ...scalars,
    laps,
    device,
    stream,
    fieldSources,
  };
}
