import type {
  ActivitySource,
  Aggravator,
  BodyRegion,
  BodySide,
  FindingSeverity,
  MergedField,
  NeurologicalFlag,
  PainTiming,
  SystemicFlag,
} from '@loadwatch/shared/contracts';

/**
 * Words shown to people. The framing note is spec/rules.md section 8 verbatim (the server's copy lives in a
 * domain lib the browser may not import).
 */
export const FRAMING_NOTE =
  'This tool looks for training patterns that research has associated with injury in groups of runners. It cannot diagnose, predict your own risk, or replace a health professional. If you have numbness in the groin or saddle area, new bladder or bowel problems, or weakness in your legs, seek emergency care now.';

/** spec/metrics.md section 6: the ratios are context, their meaning disputed. */
export const ACWR_CAVEAT =
  'A rough comparison of your last 7 days with your last 28, shown for context only. Research disputes what these ratios mean (Impellizzeri 2020, Lolli 2019); Loadwatch never raises a finding from them alone.';

export const SEVERITY_LABEL: Record<FindingSeverity, string> = {
  urgent: 'Urgent',
  warning: 'Warning',
  caution: 'Caution',
  info: 'Info',
};

/** An icon beside the word, so colour is never the only signal. */
export const SEVERITY_ICON: Record<FindingSeverity, string> = {
  urgent: '⚠',
  warning: '▲',
  caution: '●',
  info: 'ℹ',
};

export const REGIONS: readonly { value: BodyRegion; label: string }[] = [
  { value: 'low_back', label: 'Low back' },
  { value: 'sacrum_buttock', label: 'Sacrum or buttock' },
  { value: 'hip', label: 'Hip' },
  { value: 'leg', label: 'Leg' },
];

export const SIDES: readonly { value: BodySide; label: string }[] = [
  { value: 'left', label: 'Left' },
  { value: 'right', label: 'Right' },
  { value: 'both', label: 'Both sides' },
  { value: 'central', label: 'Centre' },
];

export const TIMINGS: readonly { value: PainTiming; label: string }[] = [
  { value: 'during_run', label: 'During a run' },
  { value: 'after_run', label: 'After a run' },
  { value: 'next_morning', label: 'The next morning' },
  { value: 'at_rest', label: 'At rest' },
];

export const AGGRAVATORS: readonly { value: Aggravator; label: string }[] = [
  { value: 'weight_bearing', label: 'Worse when standing or putting weight on it' },
  { value: 'night_pain', label: 'Wakes me at night' },
  { value: 'leaning_back', label: 'Worse leaning backwards' },
  { value: 'bending_forward', label: 'Worse bending forwards' },
  { value: 'downhill', label: 'Worse running downhill' },
  { value: 'sitting', label: 'Worse sitting' },
];

/** The questions of R12-R13, asked plainly. `emergency`: R12, an urgent finding on its own. */
export const NEUROLOGICAL_QUESTIONS: readonly {
  value: NeurologicalFlag;
  label: string;
  emergency: boolean;
}[] = [
  {
    value: 'saddle_numbness',
    label: 'Numbness in the groin, genitals or around the back passage (saddle area)',
    emergency: true,
  },
  {
    value: 'bladder_or_bowel_change',
    label: 'New trouble passing urine, or losing control of bladder or bowel',
    emergency: true,
  },
  { value: 'sexual_dysfunction', label: 'New problems with sexual function', emergency: true },
  { value: 'both_legs_numb_or_weak', label: 'Numbness or weakness in both legs', emergency: true },
  { value: 'leg_numbness_one_side', label: 'Numbness in one leg', emergency: false },
  { value: 'leg_weakness_one_side', label: 'Weakness in one leg', emergency: false },
  { value: 'progressive', label: 'The numbness or weakness is getting worse', emergency: false },
];

/** The questions of R14. */
export const SYSTEMIC_QUESTIONS: readonly { value: SystemicFlag; label: string }[] = [
  { value: 'fever', label: 'Fever or feeling generally unwell' },
  { value: 'unexplained_weight_loss', label: 'Weight loss you cannot explain' },
  { value: 'cancer_history', label: 'A past or current cancer' },
  { value: 'recent_trauma', label: 'A recent fall, accident or blow' },
];

export const EMERGENCY_MESSAGE =
  'Seek emergency care now. Numbness in the groin or saddle area, new bladder or bowel problems, or weakness in your legs can mean a nerve emergency. Call your local emergency number or go to an emergency department — do not wait to finish this form.';

/** Where an activity's data came from, as people call it. */
export const SOURCE_LABEL: Record<ActivitySource, string> = {
  fit: 'FIT file',
  strava: 'Strava',
  garmin: 'Garmin',
};

/** The fields of a merged activity (libs/domain/activity MergedField), as words. */
export const FIELD_LABEL: Record<MergedField, string> = {
  sport: 'sport',
  startMs: 'start time',
  utcOffsetS: 'local time offset',
  distanceM: 'distance',
  movingTimeS: 'moving time',
  elapsedTimeS: 'elapsed time',
  ascentM: 'ascent',
  descentM: 'descent',
  avgHeartRateBpm: 'heart rate',
  avgCadenceSpm: 'cadence',
  laps: 'laps',
  device: 'device',
  stream: 'second-by-second records',
};
