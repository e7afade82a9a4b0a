/**
 * What a coach may see of a linked athlete (spec/rules.md section 7): `load` (activities, weeks, load
 * findings R01-R08 and R19) after the athlete accepted the link; `health` (symptom logs, the risk profile and
 * the findings built on them, R09-R18 and R20-R22) only with the athlete's health-data grant.
 */
export type AccessScope = 'load' | 'health';

export { LOAD_FINDING_RULES } from '@loadwatch/domain/rules';
