import { readFile } from 'node:fs/promises';
import {
  parseReturnToRun,
  parseRiskProfile,
  parseSymptomLogs,
  RulesInputError,
  type ReturnToRun,
  type RiskProfileVersion,
  type SymptomLog,
} from '@loadwatch/domain/rules';
import { UsageError } from '../usage-error';

export interface HealthInputs {
  logs: SymptomLog[];
  profileVersions: RiskProfileVersion[];
  returnToRun: ReturnToRun | null;
}

async function readJson(path: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option}: ${path} is not valid JSON (${(error as Error).message})`);
  }
}

async function parseFile<T>(path: string, option: string, parse: (json: unknown) => T): Promise<T> {
  const json = await readJson(path, option);
  try {
    return parse(json);
  } catch (error) {
    if (error instanceof RulesInputError) throw new UsageError(`${option}: ${path}: ${error.message}`);
    throw error;
  }
}

/**
 * Reads the symptom log, risk profile and return-to-run files (the vocabulary of spec/rules.md, validated by
 * the JSON Schemas of the rules library); every bad entry is reported at once as a usage error.
 */
export async function readHealthInputs(paths: {
  symptomsPath: string | null;
  profilePath: string | null;
  returnToRunPath: string | null;
}): Promise<HealthInputs> {
  return {
    logs: paths.symptomsPath ? await parseFile(paths.symptomsPath, '--symptoms', parseSymptomLogs) : [],
    profileVersions: paths.profilePath
      ? await parseFile(paths.profilePath, '--profile', parseRiskProfile)
      : [],
    returnToRun: paths.returnToRunPath
      ? await parseFile(paths.returnToRunPath, '--return-to-run', parseReturnToRun)
      : null,
  };
}
