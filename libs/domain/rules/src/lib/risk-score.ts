import {
  answered,
  PREFER_NOT_TO_SAY,
  TRABECULAR_BSI_SITES,
  type Answer,
  type RiskProfileVersion,
  type VitaminD,
} from './risk-profile';
import { atMost, below } from './threshold-compare';

export const SCORE_ITEMS = [
  'disordered_eating',
  'low_bmi',
  'delayed_menarche',
  'oligo_amenorrhoea',
  'low_bmd',
  'prior_bsi',
] as const;
export type ScoreItemId = (typeof SCORE_ITEMS)[number];

/** The BSI factors of spec/rules.md section 1: the scoring items plus vitamin D and malabsorption. */
export type BsiFactor = ScoreItemId | 'low_vitamin_d' | 'malabsorption';

export type ScorePoints = 0 | 1 | 2;

/**
 * One row of the cumulative risk score. `scored` items contributed (possibly 0 points); the others give no
 * points: `missing` (not answered), `declined` ("prefer not to say"), `not_applicable` (menstrual rows for
 * men; oligo/amenorrhoea under hormonal contraception).
 */
export interface ScoreItem {
  item: ScoreItemId;
  points: ScorePoints;
  status: 'scored' | 'missing' | 'declined' | 'not_applicable';
  /** The answers the points were computed from. */
  inputs: Record<string, number | string | boolean | null>;
}

export interface RiskAssessment {
  /** Cumulative risk score: sum of the items' points (0-12; 0-8 for men). */
  score: number;
  items: ScoreItem[];
  factors: BsiFactor[];
  bmi: number | null;
  vitaminDNgMl: number | null;
}

/** Vitamin D below this (ng/mL) is a BSI factor (spec/rules.md section 1). */
export const LOW_VITAMIN_D_NG_ML = 20;
/** 25(OH)D: 1 ng/mL = 2.496 nmol/L (spec/rules.md section 1). */
export const NMOL_PER_NG = 2.496;

/** Body-mass index (kg/m²) from height (cm) and weight (kg). */
export function bodyMassIndex(heightCm: number, weightKg: number): number {
  const heightM = heightCm / 100;
  return weightKg / (heightM * heightM);
}

/** 25(OH)D in ng/mL; nmol/L values are divided by 2.496 (spec/rules.md section 1). */
export function vitaminDNgMl(vitaminD: VitaminD): number {
  return vitaminD.unit === 'nmol/L' ? vitaminD.value / NMOL_PER_NG : vitaminD.value;
}

/**
 * The cumulative risk score (Female Athlete Triad Coalition, De Souza 2014; spec/rules.md section 1) and the
 * BSI factors of one profile version. Missing and declined items score 0 and give no factor; a missing weight
 * change counts as stable; for men the menstrual rows do not apply; oligo/amenorrhoea is not assessable under
 * hormonal contraception. A profile whose sex is not given keeps the menstrual rows (they score only when
 * answered).
 */
export function assessRiskProfile(profile: RiskProfileVersion): RiskAssessment {
  const male = profile.sex === 'male';
  const heightCm = answered(profile.heightCm);
  const weightKg = answered(profile.weightKg);
  const bmi = heightCm !== null && weightKg !== null ? bodyMassIndex(heightCm, weightKg) : null;
  const vitaminD = answered(profile.vitaminD);
  const vitaminDValue = vitaminD ? vitaminDNgMl(vitaminD) : null;

  const items: ScoreItem[] = [
    disorderedEatingItem(profile),
    lowBmiItem(profile, bmi),
    male ? notApplicable('delayed_menarche') : delayedMenarcheItem(profile),
    male ? notApplicable('oligo_amenorrhoea') : oligoAmenorrhoeaItem(profile),
    lowBmdItem(profile),
    priorBsiItem(profile),
  ];

  const factors: BsiFactor[] = items.filter((item) => item.points >= 1).map((item) => item.item);
  if (vitaminDValue !== null && below(vitaminDValue, LOW_VITAMIN_D_NG_ML)) factors.push('low_vitamin_d');
  const malabsorption = answered(profile.malabsorption);
  if (malabsorption !== null && malabsorption.length > 0) factors.push('malabsorption');

  return {
    score: items.reduce((sum, item) => sum + item.points, 0),
    items,
    factors,
    bmi,
    vitaminDNgMl: vitaminDValue,
  };
}

function disorderedEatingItem(profile: RiskProfileVersion): ScoreItem {
  const value = answered(profile.disorderedEating);
  if (value === null) return unanswered('disordered_eating', [profile.disorderedEating]);
  const points = value === 'current_diagnosed' ? 2 : value === 'some_restriction_or_past' ? 1 : 0;
  return scored('disordered_eating', points, { disorderedEating: value });
}

function lowBmiItem(profile: RiskProfileVersion, bmi: number | null): ScoreItem {
  const change = answered(profile.weightChangePctMonth);
  if (bmi === null && change === null) {
    return unanswered('low_bmi', [profile.heightCm, profile.weightKg, profile.weightChangePctMonth]);
  }
  const loss = change !== null && change < 0 ? -change : 0;
  const bmiPoints: ScorePoints = bmi === null ? 0 : atMost(bmi, 17.5) ? 2 : below(bmi, 18.5) ? 1 : 0;
  const lossPoints: ScorePoints = loss >= 10 ? 2 : loss >= 5 ? 1 : 0;
  return scored('low_bmi', Math.max(bmiPoints, lossPoints) as ScorePoints, {
    bmi: bmi === null ? null : round(bmi, 2),
    weightChangePctMonth: change,
  });
}

function delayedMenarcheItem(profile: RiskProfileVersion): ScoreItem {
  const age = answered(profile.menarcheAge);
  if (age === null) return unanswered('delayed_menarche', [profile.menarcheAge]);
  return scored('delayed_menarche', age >= 16 ? 2 : age >= 15 ? 1 : 0, { menarcheAge: age });
}

function oligoAmenorrhoeaItem(profile: RiskProfileVersion): ScoreItem {
  if (profile.hormonalContraception === true) {
    return {
      item: 'oligo_amenorrhoea',
      points: 0,
      status: 'not_applicable',
      inputs: { hormonalContraception: true },
    };
  }
  const menses = answered(profile.menses12mo);
  if (menses === null) return unanswered('oligo_amenorrhoea', [profile.menses12mo]);
  return scored('oligo_amenorrhoea', menses > 9 ? 0 : menses >= 6 ? 1 : 2, { menses12mo: menses });
}

function lowBmdItem(profile: RiskProfileVersion): ScoreItem {
  const z = answered(profile.bmdZ);
  if (z === null) return unanswered('low_bmd', [profile.bmdZ]);
  return scored('low_bmd', z <= -2 ? 2 : z < -1 ? 1 : 0, { bmdZ: z });
}

function priorBsiItem(profile: RiskProfileVersion): ScoreItem {
  const prior = answered(profile.priorBsi);
  if (prior === null) return unanswered('prior_bsi', [profile.priorBsi]);
  const sites = prior.sites ?? [];
  const count = Math.max(prior.count, sites.length);
  const trabecular = sites.some((site) => TRABECULAR_BSI_SITES.includes(site));
  const points: ScorePoints = count === 0 ? 0 : count >= 2 || trabecular ? 2 : 1;
  return scored('prior_bsi', points, { count, trabecularSite: trabecular });
}

function scored(item: ScoreItemId, points: ScorePoints, inputs: ScoreItem['inputs']): ScoreItem {
  return { item, points, status: 'scored', inputs };
}

function unanswered(item: ScoreItemId, answers: readonly (Answer<unknown> | undefined)[]): ScoreItem {
  const declined = answers.some((answer) => answer === PREFER_NOT_TO_SAY);
  return { item, points: 0, status: declined ? 'declined' : 'missing', inputs: {} };
}

function notApplicable(item: ScoreItemId): ScoreItem {
  return { item, points: 0, status: 'not_applicable', inputs: { sex: 'male' } };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
