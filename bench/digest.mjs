// `npm run bench:digest`: the weekly digest fan-out of 10,000 athletes (BENCH_DIGEST_ATHLETES) on the
// embedded default (SQLite, the inline queue, .eml files to a temporary outbox): the cost of reading the
// recipient pages (the baseline, measured in the same run), of composing and rendering every digest, and of
// the whole fan-out (tick, page jobs, one job, ledger claim and .eml per digest), and a repeated tick that
// must send nothing. Builds bench/lib/digest-fanout.ts with the apps' build, runs it, prints one JSON document.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeApp } from '../tools/build-node-app.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

await buildNodeApp('bench-digest', { 'digest-fanout': 'bench/lib/digest-fanout.ts' });
const started = process.hrtime.bigint();
const child = spawnSync(process.execPath, [join(root, 'dist/apps/bench-digest/digest-fanout.js')], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  env: process.env,
});
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
if (child.status !== 0) {
  process.stderr.write(child.stderr);
  process.stdout.write(child.stdout);
  throw new Error(`the digest bench failed (${child.status})`);
}
const result = JSON.parse(child.stdout);
process.stdout.write(
  JSON.stringify(
    {
      bench: 'digest-fanout',
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
