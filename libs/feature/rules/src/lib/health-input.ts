import { BadRequestException } from '@nestjs/common';
import {
  parseRiskProfile,
  parseSymptomLogs,
  RulesInputError,
  type RiskProfileVersion,
  type SymptomLog,
} from '@loadwatch/domain/rules';
import type { SymptomLogValues } from '@loadwatch/data-access/db';

/**
 * Request bodies of the health routes, validated with the rules lib's own JSON schemas, so the API accepts
 * exactly the snake_case vocabulary of spec/rules.md section 1 that the CLI files use.
 */

export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequestException('The body must be a JSON object.');
  return body as Record<string, unknown>;
}

/**
 * A 400 shaped like the API's validation pipe: one message per problem, named by its field
 * (`logs[0].severity: must be <= 10 (got 11)` -> `severity: must be <= 10 (got 11)`), and the fields.
 */
function badRequest(error: unknown, prefix: string): never {
  if (error instanceof RulesInputError) {
    const message = error.issues.map((issue) =>
      issue.startsWith(`${prefix}.`) ? issue.slice(prefix.length + 1) : issue,
    );
    const fields = [...new Set(message.map((line) => line.slice(0, line.indexOf(':'))))];
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message, fields });
  }
  throw error;
}

/** One symptom log in the snake_case vocabulary; an `id` in the body is ignored (the server assigns ids). */
export function parseSymptomLogBody(body: unknown): SymptomLogValues {
  const { id: _id, ...log } = requireObject(body);
  let parsed: SymptomLog;
  try {
    [parsed] = parseSymptomLogs({ logs: [log] });
  } catch (error) {
    badRequest(error, 'logs[0]');
  }
  return {
    date: parsed.date,
    region: parsed.region,
    side: parsed.side ?? null,
    severity: parsed.severity,
    when: parsed.when ?? null,
    aggravators: [...(parsed.aggravators ?? [])],
    neurological: [...(parsed.neurological ?? [])],
    systemic: [...(parsed.systemic ?? [])],
    canWalkNormally: parsed.canWalkNormally ?? null,
    notes: parsed.notes ?? null,
  };
}

/** One risk-profile version in the snake_case vocabulary; `date` defaults to `today`. */
export function parseRiskProfileBody(
  body: unknown,
  today: string,
): { date: string; answers: Record<string, unknown> } {
  const { date = today, ...answers } = requireObject(body);
  try {
    parseRiskProfile({ versions: [{ date, ...answers }] });
  } catch (error) {
    badRequest(error, 'versions[0]');
  }
  return { date: date as string, answers };
}

/** Stored versions as the rules read them (they were validated when saved). */
export function toRiskProfileVersions(
  versions: readonly { effectiveDate: string; answers: Record<string, unknown> }[],
): RiskProfileVersion[] {
  return parseRiskProfile({
    versions: versions.map((version) => ({ ...version.answers, date: version.effectiveDate })),
  });
}
