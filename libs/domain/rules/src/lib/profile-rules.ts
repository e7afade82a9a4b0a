import { makeFinding, round, type EvaluationContext } from './evaluation-context';
import type { Finding, FindingAnchor } from './finding';
import { answered, profileVersionOn, type RiskProfileVersion } from './risk-profile';
import { assessRiskProfile, vitaminDNgMl } from './risk-score';
import { atLeast, below } from './threshold-compare';

/** R17 and R18 on the profile version in force on the evaluation date, anchored at its date (section 5). */
export function evaluateProfileRules(ctx: EvaluationContext): Finding[] {
  const profile = profileVersionOn(ctx.profileVersions, ctx.evaluationDate);
  if (!profile) return [];
  return [...riskScore(ctx, profile), ...vitaminD(ctx, profile)];
}

function riskScore(ctx: EvaluationContext, profile: RiskProfileVersion): Finding[] {
  const { cautionScore, warningScore } = ctx.config.R17;
  const assessment = assessRiskProfile(profile);
  if (assessment.score < cautionScore) return [];
  const used = assessment.items.filter((item) => item.status === 'scored');
  const contributing = used.filter((item) => item.points > 0).map((item) => item.item.replaceAll('_', ' '));
  return [
    makeFinding(ctx, {
      rule: 'R17',
      severity: assessment.score >= warningScore ? 'warning' : 'caution',
      anchor: profileAnchor(profile),
      message:
        `Your profile scores ${assessment.score} on a cumulative risk score for bone stress injury ` +
        `(from ${contributing.join(', ')}). Factors linked to bone stress injury; consider a sports-medicine ` +
        'review.',
      values: {
        score: assessment.score,
        itemsUsed: used.map((item) => ({ item: item.item, points: item.points, inputs: item.inputs })),
        itemsNotScored: assessment.items
          .filter((item) => item.status !== 'scored')
          .map((item) => ({ item: item.item, status: item.status })),
        factors: assessment.factors,
      },
    }),
  ];
}

function vitaminD(ctx: EvaluationContext, profile: RiskProfileVersion): Finding[] {
  const { deficientNgMl, insufficientNgMl } = ctx.config.R18;
  const result = answered(profile.vitaminD);
  if (!result) return [];
  const ngMl = vitaminDNgMl(result);
  if (atLeast(ngMl, insufficientNgMl)) return [];
  const deficient = below(ngMl, deficientNgMl);
  return [
    makeFinding(ctx, {
      rule: 'R18',
      severity: deficient ? 'caution' : 'info',
      anchor: profileAnchor(profile),
      message:
        `Your vitamin D result (${round(ngMl, 1)} ng/mL) is below ${deficient ? deficientNgMl : insufficientNgMl} ` +
        'ng/mL, a level that research has linked to bone stress injury; the cut-offs are debated. Discuss this ' +
        'result with your clinician.',
      values: {
        value: result.value,
        unit: result.unit,
        ngMl: round(ngMl, 2),
        testDate: result.date ?? null,
      },
    }),
  ];
}

function profileAnchor(profile: RiskProfileVersion): FindingAnchor {
  return { kind: 'profile', id: profile.date, date: profile.date };
}
