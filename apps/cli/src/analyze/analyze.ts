import { createHash } from 'node:crypto';
import type { Activity } from '@loadwatch/domain/activity';
import { evaluateRules, type Finding } from '@loadwatch/domain/rules';
import { computeLoad, type LoadReport, type LoadSettings } from '@loadwatch/domain/training-load';
import type { HealthInputs } from './health-inputs';
import { createDecoder } from './decode-pool';
import { measureInputs, walkInputs, type InputProblem } from './input-files';

export interface AnalyzedActivity extends Activity {
  /** The input the activity came from. */
  file: string;
}

export interface DuplicateFile {
  file: string;
  duplicateOf: string;
}

export interface AnalysisProgress {
  files: number;
  doneBytes: number;
  totalBytes: number;
}

export interface AnalysisInput {
  paths: string[];
  settings: LoadSettings;
  asOf: string | null;
  health: HealthInputs;
  jobs: number;
  onProgress?: (progress: AnalysisProgress) => void;
}

export interface Analysis {
  activities: AnalyzedActivity[];
  rejected: InputProblem[];
  duplicates: DuplicateFile[];
  load: LoadReport;
  findings: Finding[];
}

/** The CLI analyzes one athlete: the owner of the files. */
export const CLI_ATHLETE_ID = 'me';

/**
 * The analyzer's pipeline: walk the inputs, decode each distinct file once (by sha256, so the same bytes
 * as .fit and .fit.gz count once) on the decode threads, then compute the load and evaluate the rules. Files are read one at a
 * time and at most a few are in flight per thread, so memory stays bounded however large the archive.
 */
export async function analyze(input: AnalysisInput): Promise<Analysis> {
  const rejected: InputProblem[] = [];
  const duplicates: DuplicateFile[] = [];
  const activities: AnalyzedActivity[] = [];
  const seen = new Map<string, string>();
  const decoder = createDecoder(input.jobs);
  const maxInFlight = Math.max(2, input.jobs * 2);
  const inFlight = new Set<Promise<void>>();
  const totalBytes = input.onProgress ? await measureInputs(input.paths) : 0;
  let files = 0;
  let doneBytes = 0;
  const finishOne = (diskBytes: number) => {
    files += 1;
    doneBytes += diskBytes;
    input.onProgress?.({ files, doneBytes: Math.min(doneBytes, totalBytes), totalBytes });
  };

  try {
    for await (const file of walkInputs(input.paths, (problem) => rejected.push(problem))) {
      let buffer: Buffer;
      try {
        buffer = await file.read();
      } catch (error) {
        rejected.push({ file: file.name, reason: (error as Error).message });
        finishOne(file.diskBytes);
        continue;
      }
      const sha256 = createHash('sha256').update(buffer).digest('hex');
      const first = seen.get(sha256);
      if (first !== undefined) {
        duplicates.push({ file: file.name, duplicateOf: first });
        finishOne(file.diskBytes);
        continue;
      }
      seen.set(sha256, file.name);
      // A fresh, exactly sized copy: safe to transfer to a worker thread (a Buffer may share a pooled slab).
      const bytes = new Uint8Array(buffer);
      const task = decoder
        .decode({ bytes, idPrefix: sha256.slice(0, 16) })
        .then((outcome) => {
          if (outcome.ok) {
            for (const activity of outcome.activities) activities.push({ ...activity, file: file.name });
          } else {
            rejected.push({ file: file.name, reason: outcome.reason });
          }
        })
        .finally(() => {
          inFlight.delete(task);
          finishOne(file.diskBytes);
        });
      inFlight.add(task);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await decoder.close();
  }

  activities.sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : 1));
  rejected.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  duplicates.sort((a, b) => (a.file < b.file ? -1 : 1));
  const { logs, profileVersions, returnToRun } = input.health;
  // Symptom logs extend the report to their weeks (spec/metrics.md section 2).
  const load = computeLoad(activities, input.settings, {
    asOf: input.asOf,
    extraDates: logs.map((l) => l.date),
  });
  const evaluationDate = load.asOf ?? input.asOf;
  const findings = evaluationDate
    ? evaluateRules({ athleteId: CLI_ATHLETE_ID, load, logs, profileVersions, returnToRun, evaluationDate })
    : [];
  return { activities, rejected, duplicates, load, findings };
}
