/** The athlete's symptom log and its vocabulary (spec/rules.md section 1). */

export const BODY_REGIONS = ['low_back', 'sacrum_buttock', 'hip', 'leg'] as const;
export type BodyRegion = (typeof BODY_REGIONS)[number];

export const BODY_SIDES = ['left', 'right', 'both', 'central'] as const;
export type BodySide = (typeof BODY_SIDES)[number];

export const PAIN_TIMINGS = ['during_run', 'after_run', 'next_morning', 'at_rest'] as const;
export type PainTiming = (typeof PAIN_TIMINGS)[number];

export const AGGRAVATORS = [
  'weight_bearing',
  'night_pain',
  'leaning_back',
  'bending_forward',
  'downhill',
  'sitting',
] as const;
export type Aggravator = (typeof AGGRAVATORS)[number];

export const NEUROLOGICAL_FLAGS = [
  'leg_numbness_one_side',
  'leg_weakness_one_side',
  'both_legs_numb_or_weak',
  'saddle_numbness',
  'bladder_or_bowel_change',
  'sexual_dysfunction',
  'progressive',
] as const;
export type NeurologicalFlag = (typeof NEUROLOGICAL_FLAGS)[number];

export const SYSTEMIC_FLAGS = [
  'fever',
  'unexplained_weight_loss',
  'cancer_history',
  'recent_trauma',
] as const;
export type SystemicFlag = (typeof SYSTEMIC_FLAGS)[number];

/**
 * One symptom log entry: one day and one region. Optional fields left out mean "not stated":
 * an unstated `canWalkNormally` is not read as "cannot walk normally".
 */
export interface SymptomLog {
  /** Unique per athlete. The JSON parser derives `<date>-<region>` when the file gives none. */
  id: string;
  /** Local ISO date (`2026-10-21`). */
  date: string;
  region: BodyRegion;
  side?: BodySide | null;
  /** Integer 0-10. */
  severity: number;
  when?: PainTiming | null;
  aggravators?: readonly Aggravator[];
  neurological?: readonly NeurologicalFlag[];
  systemic?: readonly SystemicFlag[];
  canWalkNormally?: boolean | null;
  notes?: string | null;
}

/** Severity from which a low-back or sacrum/buttock log counts as "back pain" (spec/rules.md section 1). */
export const BACK_PAIN_MIN_SEVERITY = 1;

/** "Back pain": region `low_back` or `sacrum_buttock` and severity >= 1 (spec/rules.md section 1). */
export function isBackPain(log: SymptomLog): boolean {
  return (
    (log.region === 'low_back' || log.region === 'sacrum_buttock') && log.severity >= BACK_PAIN_MIN_SEVERITY
  );
}
