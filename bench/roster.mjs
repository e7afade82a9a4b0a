// `npm run bench:roster`: a coach's roster read on the embedded default (SQLite, the inline queue). A coach of
// 30 athletes (BENCH_ROSTER_ATHLETES) with about two years of runs each (BENCH_ROSTER_WEEKS, 4-5 runs a week,
// record streams every BENCH_ROSTER_RECORD_S seconds), half of them with three runs that came only from Strava;
// the baseline, in the same run, is a second coach whose athletes (the same histories) have none. Reports the
// median of BENCH_ROSTER_READS roster reads for each coach and the ratio. Builds bench/lib/roster-read.ts with
// the apps' build, runs it, prints one JSON document.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeApp } from '../tools/build-node-app.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

await buildNodeApp('bench-roster', { 'roster-read': 'bench/lib/roster-read.ts' });
const started = process.hrtime.bigint();
const child = spawnSync(process.execPath, [join(root, 'dist/apps/bench-roster/roster-read.js')], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  env: process.env,
});
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
if (child.status !== 0) {
  process.stderr.write(child.stderr);
  process.stdout.write(child.stdout);
  throw new Error(`the roster bench failed (${child.status})`);
}
const result = JSON.parse(child.stdout);
process.stdout.write(
  JSON.stringify(
    {
      bench: 'roster-read',
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      wallSeconds: Number(wallSeconds.toFixed(3)),
      ...result,
    },
    null,
    2,
  ) + '\n',
);
