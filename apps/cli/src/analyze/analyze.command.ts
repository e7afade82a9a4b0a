import { writeFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { analyze, type AnalysisProgress } from './analyze';
import { resolveAnalyzeOptions, type RawAnalyzeOptions } from './analyze-options';
import { readHealthInputs } from './health-inputs';
import { buildJsonReport } from '../report/json-report';
import { renderHtmlReport } from '../report/html-report';
import { renderTextReport } from '../report/text-report';

/** Exit codes of `loadwatch analyze`: 0 at least one activity read, 1 nothing readable, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_NOTHING_READ = 1;
export const EXIT_USAGE = 2;

/** Inputs of at least this size show a progress bar (on a terminal only), driven by the bytes read. */
const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export async function runAnalyzeCommand(
  paths: string[],
  raw: RawAnalyzeOptions,
  io: CommandIo,
): Promise<number> {
  const options = resolveAnalyzeOptions(paths, raw);
  const health = await readHealthInputs(options);

  let bar: SingleBar | null = null;
  const showProgress = options.progress && io.stderr.isTTY === true;
  const onProgress = showProgress
    ? ({ files, doneBytes, totalBytes }: AnalysisProgress) => {
        if (!bar && totalBytes >= PROGRESS_MIN_BYTES) {
          bar = new SingleBar({
            stream: io.stderr,
            format: 'Reading [{bar}] {percentage}% | {files} files | {doneMB}/{totalMB} MB',
            hideCursor: true,
            clearOnComplete: true,
          });
          bar.start(totalBytes, 0, { files: 0, doneMB: '0.0', totalMB: (totalBytes / 1e6).toFixed(1) });
        }
        bar?.update(doneBytes, { files, doneMB: (doneBytes / 1e6).toFixed(1) });
      }
    : undefined;

  const analysis = await analyze({
    paths: options.paths,
    settings: {
      timeZone: options.timeZone,
      weekStart: options.weekStart,
      thresholdSpeedMps: options.thresholdSpeedMps,
    },
    asOf: options.asOf,
    health,
    jobs: options.jobs,
    onProgress,
  }).finally(() => (bar as SingleBar | null)?.stop());

  if (options.htmlPath) {
    await writeFile(options.htmlPath, renderHtmlReport(analysis, options.units));
  }
  if (options.json) {
    io.stdout.write(JSON.stringify(buildJsonReport(analysis), null, 2) + '\n');
  } else {
    io.stdout.write(renderTextReport(analysis, options.units, { color: io.stdout.isTTY === true }));
    if (options.htmlPath) io.stdout.write(`HTML report written to ${options.htmlPath}\n`);
  }
  if (analysis.activities.length === 0) {
    io.stderr.write('loadwatch: no activity could be read from the inputs.\n');
    return EXIT_NOTHING_READ;
  }
  return EXIT_OK;
}
