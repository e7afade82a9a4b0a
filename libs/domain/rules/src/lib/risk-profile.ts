/** The opt-in, versioned risk profile (spec/rules.md section 1). */

export const PREFER_NOT_TO_SAY = 'prefer_not_to_say';
export type PreferNotToSay = typeof PREFER_NOT_TO_SAY;

/** An answer that may be given, declined (`prefer_not_to_say`) or left out (null or absent). */
export type Answer<T> = T | PreferNotToSay | null;

export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];

export const DISORDERED_EATING_LEVELS = ['none', 'some_restriction_or_past', 'current_diagnosed'] as const;
export type DisorderedEating = (typeof DISORDERED_EATING_LEVELS)[number];

export const MALABSORPTION_CONDITIONS = ['coeliac', 'ibd', 'other'] as const;
export type Malabsorption = (typeof MALABSORPTION_CONDITIONS)[number];

export const VITAMIN_D_UNITS = ['ng/mL', 'nmol/L'] as const;
export type VitaminDUnit = (typeof VITAMIN_D_UNITS)[number];

/** Sites of a prior bone stress injury; the first three are trabecular (spec/rules.md section 1). */
export const BSI_SITES = [
  'femoral_neck',
  'sacrum',
  'pelvis',
  'femoral_shaft',
  'tibia',
  'fibula',
  'metatarsal',
  'navicular',
  'other',
] as const;
export type BsiSite = (typeof BSI_SITES)[number];
export const TRABECULAR_BSI_SITES: readonly BsiSite[] = ['femoral_neck', 'sacrum', 'pelvis'];

export interface VitaminD {
  /** 25(OH)D in `unit`. */
  value: number;
  unit: VitaminDUnit;
  /** Local ISO date of the blood test, when known. */
  date?: string | null;
}

export interface PriorBsi {
  /** Number of prior bone stress injuries. */
  count: number;
  /** Distinct sites among them (may be fewer than `count`). */
  sites?: readonly BsiSite[];
}

/**
 * One version of the risk profile; it applies from `date` until the next version (spec/rules.md section 5).
 * Every item may be left out or declined; neither gives points or factors.
 */
export interface RiskProfileVersion {
  /** Local ISO date from which this version applies; unique among an athlete's versions. */
  date: string;
  sex?: Answer<Sex>;
  birthYear?: Answer<number>;
  heightCm?: Answer<number>;
  weightKg?: Answer<number>;
  /** Signed weight change over the last month in percent: -6 means a 6 % loss. */
  weightChangePctMonth?: Answer<number>;
  vitaminD?: Answer<VitaminD>;
  disorderedEating?: Answer<DisorderedEating>;
  /** Empty: none. */
  malabsorption?: Answer<readonly Malabsorption[]>;
  priorBsi?: Answer<PriorBsi>;
  /** Number of menstrual periods in the last 12 months. */
  menses12mo?: Answer<number>;
  /** Age at first period (years). */
  menarcheAge?: Answer<number>;
  hormonalContraception?: Answer<boolean>;
  /** Bone mineral density Z-score. */
  bmdZ?: Answer<number>;
}

/** The given answer, or null when it was left out or declined. */
export function answered<T>(value: Answer<T> | undefined): T | null {
  return value === undefined || value === null || value === PREFER_NOT_TO_SAY ? null : (value as T);
}

/** The version in force on `date`: the latest one dated on or before it (spec/rules.md section 5). */
export function profileVersionOn(
  versions: readonly RiskProfileVersion[],
  date: string,
): RiskProfileVersion | null {
  let inForce: RiskProfileVersion | null = null;
  for (const version of versions) {
    if (version.date <= date && (inForce === null || version.date > inForce.date)) inForce = version;
  }
  return inForce;
}
