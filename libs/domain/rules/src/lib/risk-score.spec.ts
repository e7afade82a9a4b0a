import { profileVersion } from '../../test/rules-input.factory';
import type { RiskProfileVersion } from './risk-profile';
import { assessRiskProfile, bodyMassIndex, vitaminDNgMl } from './risk-score';

const points = (overrides: Partial<RiskProfileVersion>, item: string) =>
  assessRiskProfile(profileVersion({ date: '2026-01-01', ...overrides })).items.find((i) => i.item === item);

describe('cumulative risk score rows (spec/rules.md section 1, De Souza 2014)', () => {
  it.each([
    ['none', 0],
    ['some_restriction_or_past', 1],
    ['current_diagnosed', 2],
  ] as const)('disordered eating %s: %d', (disorderedEating, expected) => {
    expect(points({ disorderedEating }, 'disordered_eating')?.points).toBe(expected);
  });

  // height 200 cm: BMI = weight / 4
  it.each([
    ['BMI 18.5, stable', 74, null, 0],
    ['BMI just under 18.5', 73.96, null, 1],
    ['BMI just over 17.5', 70.04, null, 1],
    ['BMI 17.5', 70, null, 2],
    ['BMI 20, 4.9 % loss', 80, -4.9, 0],
    ['BMI 20, 5 % loss', 80, -5, 1],
    ['BMI 20, 9.9 % loss', 80, -9.9, 1],
    ['BMI 20, 10 % loss', 80, -10, 2],
    ['BMI 20, 12 % gain', 80, 12, 0],
    ['BMI 18, 10 % loss: the higher', 72, -10, 2],
  ])('low BMI: %s', (_name, weightKg, weightChangePctMonth, expected) => {
    expect(points({ heightCm: 200, weightKg, weightChangePctMonth }, 'low_bmi')?.points).toBe(expected);
  });

  it('scores weight loss alone when height or weight is missing, and counts a missing change as stable', () => {
    expect(points({ weightChangePctMonth: -11 }, 'low_bmi')).toMatchObject({ points: 2, status: 'scored' });
    expect(points({ heightCm: 170, weightKg: 70 }, 'low_bmi')).toMatchObject({ points: 0, status: 'scored' });
    expect(points({ heightCm: 170 }, 'low_bmi')).toMatchObject({ points: 0, status: 'missing' });
  });

  it.each([
    [14.9, 0],
    [15, 1],
    [15.9, 1],
    [16, 2],
  ])('delayed menarche at %p: %d', (menarcheAge, expected) => {
    expect(points({ menarcheAge }, 'delayed_menarche')?.points).toBe(expected);
  });

  it.each([
    [12, 0],
    [10, 0],
    [9, 1],
    [6, 1],
    [5, 2],
    [0, 2],
  ])('oligo/amenorrhoea with %d menses: %d', (menses12mo, expected) => {
    expect(points({ menses12mo }, 'oligo_amenorrhoea')?.points).toBe(expected);
  });

  it.each([
    [-0.5, 0],
    [-1.0, 0],
    [-1.01, 1],
    [-1.99, 1],
    [-2.0, 2],
    [-3, 2],
  ])('low BMD at Z %p: %d', (bmdZ, expected) => {
    expect(points({ bmdZ }, 'low_bmd')?.points).toBe(expected);
  });

  it.each([
    [{ count: 0 }, 0],
    [{ count: 1, sites: ['tibia'] as const }, 1],
    [{ count: 1, sites: ['sacrum'] as const }, 2],
    [{ count: 1, sites: ['femoral_neck'] as const }, 2],
    [{ count: 2 }, 2],
  ])('prior BSI %p: %d', (priorBsi, expected) => {
    expect(points({ priorBsi }, 'prior_bsi')?.points).toBe(expected);
  });

  it('leaves the menstrual rows out for men', () => {
    const male = { sex: 'male' as const, menarcheAge: 17, menses12mo: 0 };
    expect(points(male, 'delayed_menarche')).toMatchObject({ points: 0, status: 'not_applicable' });
    expect(points(male, 'oligo_amenorrhoea')).toMatchObject({ points: 0, status: 'not_applicable' });
  });

  it('does not assess oligo/amenorrhoea under hormonal contraception, but still counts menarche', () => {
    const assessment = assessRiskProfile(
      profileVersion({ date: '2026-01-01', hormonalContraception: true, menses12mo: 0, menarcheAge: 16 }),
    );
    expect(assessment.items.find((i) => i.item === 'oligo_amenorrhoea')).toMatchObject({
      points: 0,
      status: 'not_applicable',
    });
    expect(assessment.score).toBe(2);
    expect(assessment.factors).toEqual(['delayed_menarche']);
  });

  it('gives no points and no factor for "prefer not to say" or missing items', () => {
    const assessment = assessRiskProfile({
      date: '2026-01-01',
      sex: 'prefer_not_to_say',
      heightCm: 'prefer_not_to_say',
      weightKg: 50,
      disorderedEating: 'prefer_not_to_say',
      vitaminD: 'prefer_not_to_say',
      malabsorption: 'prefer_not_to_say',
      priorBsi: null,
      bmdZ: 'prefer_not_to_say',
    });
    expect(assessment.score).toBe(0);
    expect(assessment.factors).toEqual([]);
    expect(assessment.items.map((i) => [i.item, i.status])).toEqual([
      ['disordered_eating', 'declined'],
      ['low_bmi', 'declined'],
      ['delayed_menarche', 'missing'],
      ['oligo_amenorrhoea', 'missing'],
      ['low_bmd', 'declined'],
      ['prior_bsi', 'missing'],
    ]);
  });
});

describe('BSI factors (spec/rules.md section 1)', () => {
  it('lists every item scoring 1 or more, low vitamin D and malabsorption', () => {
    const assessment = assessRiskProfile({
      date: '2026-01-01',
      sex: 'female',
      heightCm: 170,
      weightKg: 52,
      disorderedEating: 'some_restriction_or_past',
      menses12mo: 4,
      vitaminD: { value: 45, unit: 'nmol/L' },
      malabsorption: ['coeliac'],
      priorBsi: { count: 1, sites: ['pelvis'] },
    });
    expect(assessment.bmi).toBeCloseTo(17.99, 2);
    expect(assessment.score).toBe(1 + 1 + 2 + 2);
    expect(assessment.factors).toEqual([
      'disordered_eating',
      'low_bmi',
      'oligo_amenorrhoea',
      'prior_bsi',
      'low_vitamin_d',
      'malabsorption',
    ]);
  });

  it.each([
    [19.99, 'ng/mL', true],
    [20, 'ng/mL', false],
    [49.9, 'nmol/L', true],
    [49.92, 'nmol/L', false],
  ] as const)('vitamin D %p %s is a factor: %p', (value, unit, factor) => {
    const assessment = assessRiskProfile({ date: '2026-01-01', vitaminD: { value, unit } });
    expect(assessment.factors.includes('low_vitamin_d')).toBe(factor);
  });

  it('treats an empty malabsorption list as none', () => {
    expect(assessRiskProfile({ date: '2026-01-01', malabsorption: [] }).factors).toEqual([]);
  });
});

describe('helpers', () => {
  it('computes BMI in kg/m² and converts nmol/L by 2.496', () => {
    expect(bodyMassIndex(180, 81)).toBeCloseTo(25, 10);
    expect(vitaminDNgMl({ value: 49.92, unit: 'nmol/L' })).toBeCloseTo(20, 10);
    expect(vitaminDNgMl({ value: 25, unit: 'ng/mL' })).toBe(25);
  });
});
