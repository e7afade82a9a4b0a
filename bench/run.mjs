// `npm run bench`: end-to-end throughput of `loadwatch analyze` (read, unzip, decode, normalize, compute
// the load, print JSON) over real and synthetic FIT files, against a plain byte scan of the same files
// measured in the same run. Prints one JSON document. The FIT SDK is never timed on its own (its licence
// forbids benchmarking it); only the product is.
import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
} from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Zip, ZipPassThrough } from 'fflate';
import { ensureHistory } from './generate-history.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const cache = join(here, '.cache');
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const jobsList = (process.env.BENCH_JOBS ?? `0,1,2,${Math.min(4, availableParallelism() * 2)}`)
  .split(',')
  .map(Number);

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile() && !entry.name.startsWith('.')) out.push(path);
  }
  return out;
}

/** The floor: read every byte of the inputs and fold them into a checksum, nothing else. */
function byteScan(paths) {
  const started = process.hrtime.bigint();
  let bytes = 0;
  let checksum = 0;
  for (const file of paths.flatMap((p) => (statSync(p).isDirectory() ? listFiles(p) : [p]))) {
    const buffer = readFileSync(file);
    bytes += buffer.length;
    for (let i = 0; i < buffer.length; i++) checksum = (checksum + buffer[i]) | 0;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, checksum };
}

function runAnalyze(paths, jobs) {
  const resultFile = join(tmpdir(), `loadwatch-bench-${process.pid}.json`);
  const started = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    [
      join(here, 'lib/measure-analyze.cjs'),
      resultFile,
      'analyze',
      ...paths,
      '--json',
      '--no-progress',
      '--tz',
      'Europe/London',
      '--jobs',
      String(jobs),
    ],
    { maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' },
  );
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`analyze failed (${child.status}): ${child.stderr}`);
  }
  const measured = JSON.parse(readFileSync(resultFile, 'utf8'));
  const report = JSON.parse(child.stdout);
  return {
    wallSeconds,
    inProcessSeconds: measured.seconds,
    peakRssMB: Math.round(measured.maxRssKB / 1024),
    activities: report.activities.length,
    runs: report.runs.length,
    rejected: report.rejected.length,
    duplicates: report.duplicates.length,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(name, paths) {
  const files = paths.flatMap((p) => (statSync(p).isDirectory() ? listFiles(p) : [p])).length;
  const floors = Array.from({ length: repeats }, () => byteScan(paths));
  const floor = { seconds: median(floors.map((f) => f.seconds)), bytes: floors[0].bytes };
  const floorMBps = floor.bytes / 1e6 / floor.seconds;
  const results = jobsList.map((jobs) => {
    const runs = Array.from({ length: repeats }, () => runAnalyze(paths, jobs));
    const wall = median(runs.map((r) => r.wallSeconds));
    const last = runs[runs.length - 1];
    return {
      jobs,
      seconds: Number(wall.toFixed(3)),
      filesPerS: Number((files / wall).toFixed(1)),
      MBps: Number((floor.bytes / 1e6 / wall).toFixed(2)),
      activitiesPerS: Number((last.activities / wall).toFixed(1)),
      peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
      floorRatio: Number((floor.bytes / 1e6 / wall / floorMBps).toFixed(4)),
      activities: last.activities,
      runs: last.runs,
      rejected: last.rejected,
      duplicates: last.duplicates,
    };
  });
  const best = results.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return {
    name,
    inputs: paths.map((p) => (p.startsWith(root) ? p.slice(root.length + 1) : p)),
    files,
    bytes: floor.bytes,
    floor: { seconds: Number(floor.seconds.toFixed(4)), MBps: Number(floorMBps.toFixed(1)) },
    results,
    best: {
      jobs: best.jobs,
      filesPerS: best.filesPerS,
      MBps: best.MBps,
      speedupVsMainThread: Number((results.find((r) => r.jobs === 0)?.seconds / best.seconds).toFixed(2)),
    },
  };
}

/** Stores the history folder in one zip (no compression: FIT is already dense), streamed to disk. */
async function ensureZip(folder, zipPath) {
  if (existsSync(zipPath)) return zipPath;
  const out = createWriteStream(`${zipPath}.partial`);
  const zip = new Zip((error, chunk, final) => {
    if (error) throw error;
    out.write(chunk);
    if (final) out.end();
  });
  for (const file of listFiles(folder)) {
    const entry = new ZipPassThrough(`history/${file.slice(folder.length + 1)}`);
    zip.add(entry);
    entry.push(readFileSync(file), true);
  }
  zip.end();
  await new Promise((res) => out.on('finish', res));
  renameSync(`${zipPath}.partial`, zipPath);
  return zipPath;
}

mkdirSync(cache, { recursive: true });
const sharedCorpus = resolve(root, '../shared/fixtures');
const corpus = existsSync(sharedCorpus)
  ? [join(sharedCorpus, 'fit'), join(sharedCorpus, 'fit-invalid')]
  : [join(root, 'libs/domain/fit/test/fixtures'), join(root, 'samples/fit')];
const historyDir = join(cache, 'history-10y');
const history = await ensureHistory({ out: historyDir });
// Named by the history's version, so a regenerated history never meets a stale archive.
const historyZip = await ensureZip(historyDir, join(cache, `history-10y-v${history.version}.zip`));

const datasets = [
  measure(existsSync(sharedCorpus) ? 'fixture-corpus' : 'committed-fixtures', corpus),
  measure('synthetic-10y-history', [historyDir]),
  measure('synthetic-10y-history-zip', [historyZip]),
];
console.log(
  JSON.stringify(
    {
      benchmark: 'loadwatch analyze, end to end',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      repeats,
      note: 'seconds: median wall time of the whole command incl. process start; floorRatio: product MB/s over a plain byte scan of the same files in this run',
      datasets,
    },
    null,
    2,
  ),
);
