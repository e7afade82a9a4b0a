import type {
  ActivitySource,
  Device,
  FieldSources,
  RecordStream,
  SportClass,
} from '@loadwatch/domain/activity';
import type {
  Aggravator,
  BodyRegion,
  BodySide,
  NeurologicalFlag,
  PainTiming,
  SystemicFlag,
} from '@loadwatch/domain/rules';
import type { WeekMetrics } from '@loadwatch/domain/training-load';

/**
 * Responses of the training routes (uploads, activities, weeks, symptom logs, risk profile, findings), shared
 * with the dashboard. Instants are ISO 8601 strings in UTC; local calendar dates are `YYYY-MM-DD`; distances
 * in metres, times in seconds, speeds in metres per second. The health inputs (symptom logs, risk profile)
 * keep the snake_case vocabulary of spec/rules.md section 1, the same as their JSON schemas.
 */

/** One page of a list, newest first. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

// Uploads

export type UploadStatus = 'received' | 'processing' | 'processed' | 'duplicate' | 'rejected' | 'failed';

/** Statuses after which an upload changes no more: the dashboard stops polling. */
export const FINAL_UPLOAD_STATUSES: readonly UploadStatus[] = [
  'processed',
  'duplicate',
  'rejected',
  'failed',
];

export function isFinalUploadStatus(status: UploadStatus): boolean {
  return FINAL_UPLOAD_STATUSES.includes(status);
}

/** A FIT file of an upload request, stored and queued (`received`) or already known (`duplicate`). */
export interface AcceptedUpload {
  id: string;
  /** The name sent, with `!` between an archive and the entry inside it (`export.zip!activities/1.fit`). */
  fileName: string;
  status: 'received' | 'duplicate';
  /** The upload that already holds the same bytes (then also `id`). */
  duplicateOf?: string;
}

/** A file of an upload request that was not taken (GPX, TCX, an unreadable archive, ...). */
export interface RejectedFile {
  fileName: string;
  reason: string;
}

/** The answer to POST /api/uploads (202): decoding happens later; poll GET /api/uploads/:id. */
export interface UploadsAccepted {
  uploads: AcceptedUpload[];
  rejected: RejectedFile[];
}

export interface UploadView {
  id: string;
  fileName: string;
  status: UploadStatus;
  /** Why the file was rejected or failed. */
  reason: string | null;
  activityCount: number;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  processedAt: string | null;
}

// Activities

export type { ActivitySource, SportClass } from '@loadwatch/domain/activity';

export type DeviceView = Device;

export interface ActivitySummary {
  id: string;
  source: ActivitySource;
  uploadId: string | null;
  sport: string;
  subSport: string | null;
  sportClass: SportClass;
  startedAt: string;
  /** Offset of local time from UTC used for the calendar (s); null: the athlete's time zone decided. */
  utcOffsetS: number | null;
  localDate: string;
  distanceM: number | null;
  movingTimeS: number | null;
  elapsedTimeS: number | null;
  ascentM: number | null;
  descentM: number | null;
  avgHeartRateBpm: number | null;
  avgCadenceSpm: number | null;
  device: DeviceView | null;
  recordCount: number;
  /**
   * Where the activity came from: one provenance per source (a FIT upload, Strava, Garmin), in precedence
   * order. Several mean the same run was merged; POST .../sources/:sourceId/split undoes it. A coach never
   * sees Strava provenances (spec/rules.md section 7).
   */
  provenances: ActivityProvenanceView[];
  /** Which source each chosen field came from; null when the activity has one source. */
  fieldSources: FieldSources | null;
}

export type { FieldSources, MergedField } from '@loadwatch/domain/activity';

/** One source's own view of a merged activity. */
export interface ActivityProvenanceView {
  id: string;
  source: ActivitySource;
  /** The provider's activity id; `<sha256>:<session index>` for a FIT upload. */
  externalId: string;
  uploadId: string | null;
  /** Split off by the athlete: never merged again. */
  keptApart: boolean;
  sport: string;
  startedAt: string;
  distanceM: number | null;
  movingTimeS: number | null;
  elapsedTimeS: number | null;
  avgHeartRateBpm: number | null;
  recordCount: number;
}

/** The answer to POST /api/activities/:id/sources/:sourceId/split: both activities after the split. */
export interface ActivitySplitResult {
  activity: ActivityDetail;
  split: ActivityDetail;
}

export interface LapView {
  startedAt: string;
  timerTimeS: number | null;
  elapsedTimeS: number | null;
  distanceM: number | null;
  avgSpeedMps: number | null;
  intensity: string | null;
}

/** Parallel arrays, one entry per record; `timeS` counts from the activity start. */
export type RecordStreamView = RecordStream;

export interface ActivityDetail extends ActivitySummary {
  laps: LapView[];
  /** Only with `?stream=true`; null when the activity has no record stream. */
  stream?: RecordStreamView | null;
}

// Weeks (spec/metrics.md sections 4-8)

/** A stored week: every quantity of spec/metrics.md sections 4-8, as computed. */
export type WeekMetricsView = WeekMetrics;

export interface WeeksResponse {
  athleteId: string;
  weeks: WeekMetricsView[];
}

// Symptom logs (spec/rules.md section 1)

export type {
  Aggravator,
  BodyRegion,
  BodySide,
  NeurologicalFlag,
  PainTiming,
  SystemicFlag,
} from '@loadwatch/domain/rules';

/** Body of POST /api/symptoms; PATCH takes any part of it. */
export interface SymptomLogInput {
  date: string;
  region: BodyRegion;
  side?: BodySide | null;
  /** Whole number 0-10. */
  severity: number;
  when?: PainTiming | null;
  aggravators?: Aggravator[];
  neurological?: NeurologicalFlag[];
  systemic?: SystemicFlag[];
  can_walk_normally?: boolean | null;
  notes?: string | null;
}

export interface SymptomLogView {
  id: string;
  date: string;
  region: BodyRegion;
  side: BodySide | null;
  severity: number;
  when: PainTiming | null;
  aggravators: Aggravator[];
  neurological: NeurologicalFlag[];
  systemic: SystemicFlag[];
  can_walk_normally: boolean | null;
  notes: string | null;
}

export interface SymptomLogsResponse {
  athleteId: string;
  logs: SymptomLogView[];
}

// Risk profile (spec/rules.md section 1)

/** An item may be answered, declined, or left out (null or absent). */
export type Answer<T> = T | 'prefer_not_to_say' | null;

/** Body of PUT /api/risk-profile: one version; `date` defaults to today in the athlete's time zone. */
export interface RiskProfileVersionInput {
  date?: string;
  sex?: Answer<'female' | 'male'>;
  birth_year?: Answer<number>;
  height_cm?: Answer<number>;
  weight_kg?: Answer<number>;
  /** Signed change over the last month (%): -6 is a 6 % loss. */
  weight_change_pct_month?: Answer<number>;
  vitamin_d?: Answer<{ value: number; unit: 'ng/mL' | 'nmol/L'; date?: string | null }>;
  disordered_eating?: Answer<'none' | 'some_restriction_or_past' | 'current_diagnosed'>;
  malabsorption?: Answer<('coeliac' | 'ibd' | 'other')[]>;
  prior_bsi?: Answer<{
    count: number;
    sites?: (
      | 'femoral_neck'
      | 'sacrum'
      | 'pelvis'
      | 'femoral_shaft'
      | 'tibia'
      | 'fibula'
      | 'metatarsal'
      | 'navicular'
      | 'other'
    )[];
  }>;
  menses_12mo?: Answer<number>;
  menarche_age?: Answer<number>;
  hormonal_contraception?: Answer<boolean>;
  bmd_z?: Answer<number>;
}

export interface RiskProfileVersionView extends RiskProfileVersionInput {
  id: string;
  /** The date from which this version applies. */
  date: string;
  savedAt: string;
}

export interface RiskProfileResponse {
  athleteId: string;
  /** The latest version first. */
  versions: RiskProfileVersionView[];
}

// Findings (spec/rules.md section 6)

export type FindingSeverity = 'urgent' | 'warning' | 'caution' | 'info';

export interface FindingView {
  id: string;
  rule: string;
  severity: FindingSeverity;
  anchor: { kind: 'run' | 'week' | 'symptom' | 'profile'; id: string; date: string };
  /** The spike event's date where the finding has one, else the anchor's date. */
  date: string;
  relation: 'likely' | 'possibly' | null;
  message: string;
  /** The numbers, activity ids and log ids the finding rests on. */
  evidence: { activityIds: string[]; logIds: string[]; [key: string]: unknown };
  source: string;
  status: 'open' | 'retracted';
  retractedReason: string | null;
  acknowledgedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FindingsResponse {
  athleteId: string;
  /** Most serious first, then by date. */
  findings: FindingView[];
}
