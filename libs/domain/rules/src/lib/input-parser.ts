import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import returnToRunSchema from '../schemas/return-to-run.schema.json';
import riskProfileSchema from '../schemas/risk-profile.schema.json';
import symptomLogsSchema from '../schemas/symptom-logs.schema.json';
import { isLocalDate } from './local-date';
import type { ReturnToRun } from './return-to-run';
import type {
  Answer,
  BsiSite,
  DisorderedEating,
  Malabsorption,
  RiskProfileVersion,
  Sex,
  VitaminDUnit,
} from './risk-profile';
import { RulesInputError } from './rules-input';
import type {
  Aggravator,
  BodyRegion,
  BodySide,
  NeurologicalFlag,
  PainTiming,
  SymptomLog,
  SystemicFlag,
} from './symptom-log';

/** A symptom-log file as the CLI reads it (src/schemas/symptom-logs.schema.json). */
export interface SymptomLogsFile {
  logs: Array<{
    id?: string;
    date: string;
    region: BodyRegion;
    side?: BodySide | null;
    severity: number;
    when?: PainTiming | null;
    aggravators?: Aggravator[];
    neurological?: NeurologicalFlag[];
    systemic?: SystemicFlag[];
    can_walk_normally?: boolean | null;
    notes?: string | null;
  }>;
}

/** A risk-profile file as the CLI reads it (src/schemas/risk-profile.schema.json). */
export interface RiskProfileFile {
  versions: Array<{
    date: string;
    sex?: Answer<Sex>;
    birth_year?: Answer<number>;
    height_cm?: Answer<number>;
    weight_kg?: Answer<number>;
    weight_change_pct_month?: Answer<number>;
    vitamin_d?: Answer<{ value: number; unit: VitaminDUnit; date?: string | null }>;
    disordered_eating?: Answer<DisorderedEating>;
    malabsorption?: Answer<Malabsorption[]>;
    prior_bsi?: Answer<{ count: number; sites?: BsiSite[] }>;
    menses_12mo?: Answer<number>;
    menarche_age?: Answer<number>;
    hormonal_contraception?: Answer<boolean>;
    bmd_z?: Answer<number>;
  }>;
}

/** A return-to-run file as the CLI reads it (src/schemas/return-to-run.schema.json). */
export interface ReturnToRunFile {
  start_date: string;
  weekly_distance_km: number[];
}

let validators:
  | {
      logs: ValidateFunction<SymptomLogsFile>;
      profile: ValidateFunction<RiskProfileFile>;
      returnToRun: ValidateFunction<ReturnToRunFile>;
    }
  | undefined;

function getValidators(): NonNullable<typeof validators> {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    ajv.addFormat('date', { type: 'string', validate: isLocalDate });
    validators = {
      logs: ajv.compile<SymptomLogsFile>(symptomLogsSchema),
      profile: ajv.compile<RiskProfileFile>(riskProfileSchema),
      returnToRun: ajv.compile<ReturnToRunFile>(returnToRunSchema),
    };
  }
  return validators;
}

/**
 * Validates a symptom-log file (`{ "logs": [...] }`, snake_case) and returns the logs in camelCase.
 * A log without an id gets `<date>-<region>` (one entry per day and region, spec/rules.md section 1), so
 * the id stays the same when the file is reordered; two logs may not share an id.
 * Throws a `RulesInputError` listing every bad entry.
 */
export function parseSymptomLogs(json: unknown): SymptomLog[] {
  const validate = getValidators().logs;
  if (!validate(json)) throw new RulesInputError(formatErrors(validate.errors ?? []), 'symptom logs');
  const logs: SymptomLog[] = json.logs.map((log) => ({
    id: log.id ?? `${log.date}-${log.region}`,
    date: log.date,
    region: log.region,
    side: log.side ?? null,
    severity: log.severity,
    when: log.when ?? null,
    aggravators: log.aggravators ?? [],
    neurological: log.neurological ?? [],
    systemic: log.systemic ?? [],
    canWalkNormally: log.can_walk_normally ?? null,
    notes: log.notes ?? null,
  }));
  const issues: string[] = [];
  const firstIndex = new Map<string, number>();
  logs.forEach((log, index) => {
    const earlier = firstIndex.get(log.id);
    if (earlier === undefined) firstIndex.set(log.id, index);
    else if (json.logs[index].id === undefined) {
      issues.push(
        `logs[${index}]: logs[${earlier}] has the same date and region (id '${log.id}'); give each an id or merge them`,
      );
    } else issues.push(`logs[${index}].id: '${log.id}' is already used by logs[${earlier}]`);
  });
  if (issues.length > 0) throw new RulesInputError(issues, 'symptom logs');
  return logs;
}

/**
 * Validates a risk-profile file (`{ "versions": [...] }`, snake_case) and returns the versions in camelCase,
 * oldest first. Missing items stay absent; "prefer_not_to_say" is kept as is. Two versions may not share a
 * date, and a prior-BSI count may not be below its number of sites. Throws a `RulesInputError` listing every
 * bad entry.
 */
export function parseRiskProfile(json: unknown): RiskProfileVersion[] {
  const validate = getValidators().profile;
  if (!validate(json)) throw new RulesInputError(formatErrors(validate.errors ?? []), 'risk profile');
  const issues: string[] = [];
  const firstIndex = new Map<string, number>();
  json.versions.forEach((version, index) => {
    const earlier = firstIndex.get(version.date);
    if (earlier === undefined) firstIndex.set(version.date, index);
    else issues.push(`versions[${index}].date: ${version.date} is already the date of versions[${earlier}]`);
    const prior = version.prior_bsi;
    if (prior && typeof prior === 'object' && prior.count < (prior.sites?.length ?? 0)) {
      issues.push(
        `versions[${index}].prior_bsi.count: must be at least the number of sites (${prior.sites?.length}) ` +
          `(got ${prior.count})`,
      );
    }
  });
  if (issues.length > 0) throw new RulesInputError(issues, 'risk profile');

  return json.versions
    .map((v) => {
      const version: RiskProfileVersion = { date: v.date };
      if (v.sex !== undefined) version.sex = v.sex;
      if (v.birth_year !== undefined) version.birthYear = v.birth_year;
      if (v.height_cm !== undefined) version.heightCm = v.height_cm;
      if (v.weight_kg !== undefined) version.weightKg = v.weight_kg;
      if (v.weight_change_pct_month !== undefined) version.weightChangePctMonth = v.weight_change_pct_month;
      if (v.vitamin_d !== undefined) {
        version.vitaminD =
          v.vitamin_d && typeof v.vitamin_d === 'object'
            ? { value: v.vitamin_d.value, unit: v.vitamin_d.unit, date: v.vitamin_d.date ?? null }
            : v.vitamin_d;
      }
      if (v.disordered_eating !== undefined) version.disorderedEating = v.disordered_eating;
      if (v.malabsorption !== undefined) version.malabsorption = v.malabsorption;
      if (v.prior_bsi !== undefined) {
        version.priorBsi =
          v.prior_bsi && typeof v.prior_bsi === 'object'
            ? { count: v.prior_bsi.count, sites: v.prior_bsi.sites ?? [] }
            : v.prior_bsi;
      }
      if (v.menses_12mo !== undefined) version.menses12mo = v.menses_12mo;
      if (v.menarche_age !== undefined) version.menarcheAge = v.menarche_age;
      if (v.hormonal_contraception !== undefined) version.hormonalContraception = v.hormonal_contraception;
      if (v.bmd_z !== undefined) version.bmdZ = v.bmd_z;
      return version;
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Validates a return-to-run file (`{ "start_date", "weekly_distance_km": [...] }`) and returns the mode with
 * the plan in metres. Throws a `RulesInputError` listing every bad entry.
 */
export function parseReturnToRun(json: unknown): ReturnToRun {
  const validate = getValidators().returnToRun;
  if (!validate(json)) throw new RulesInputError(formatErrors(validate.errors ?? []), 'return-to-run plan');
  return { startDate: json.start_date, weeklyPlanM: json.weekly_distance_km.map((km) => km * 1000) };
}

const PREFER_NOT_TO_SAY_PATTERN = '^prefer_not_to_say$';

/** One readable line per problem, e.g. `logs[3].severity: must be <= 10 (got 11)`. */
function formatErrors(errors: readonly ErrorObject[]): string[] {
  const lines = errors.map((error) => {
    const path = formatPath(error.instancePath);
    switch (error.keyword) {
      case 'required':
        return `${join(path, String(error.params['missingProperty']))}: is required`;
      case 'additionalProperties':
        return `${join(path, String(error.params['additionalProperty']))}: is not a known field`;
      case 'enum': {
        const allowed = (error.params['allowedValues'] as unknown[]).map((value) =>
          value === null ? 'null' : String(value),
        );
        return `${label(path)}: must be one of ${allowed.join(', ')} (got ${describe(error.data)})`;
      }
      case 'type':
        return `${label(path)}: must be ${typeWords(error.parentSchema)} (got ${describe(error.data)})`;
      case 'pattern':
        if (error.params['pattern'] === PREFER_NOT_TO_SAY_PATTERN) {
          return `${label(path)}: must be ${typeWords(error.parentSchema)} (got ${describe(error.data)})`;
        }
        return `${label(path)}: ${error.message} (got ${describe(error.data)})`;
      case 'format':
        return `${label(path)}: must be a date written YYYY-MM-DD (got ${describe(error.data)})`;
      case 'uniqueItems':
        return `${label(path)}: lists ${describe((error.data as unknown[])[error.params['i'] as number])} twice`;
      case 'minLength':
        return `${label(path)}: must not be empty`;
      default:
        return `${label(path)}: ${error.message ?? 'is invalid'} (got ${describe(error.data)})`;
    }
  });
  return [...new Set(lines)];
}

/** `/logs/3/severity` -> `logs[3].severity`. */
function formatPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : join(path, segment)), '');
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);
const label = (path: string): string => path || 'input';

function typeWords(parentSchema: unknown): string {
  const schema = (parentSchema ?? {}) as { type?: string | string[]; pattern?: string };
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const preferNotToSay = schema.pattern === PREFER_NOT_TO_SAY_PATTERN;
  const words = types.map((type) => {
    switch (type) {
      case 'integer':
        return 'a whole number';
      case 'number':
        return 'a number';
      case 'object':
        return 'an object';
      case 'array':
        return 'a list';
      case 'boolean':
        return 'true or false';
      case 'string':
        return preferNotToSay ? '"prefer_not_to_say"' : 'text';
      default:
        return type;
    }
  });
  return words.length <= 1
    ? (words[0] ?? 'valid')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
