// The shared half of the in-process benches (bench/digest.mjs, bench/roster.mjs): builds one TypeScript entry
// with the apps' build (tools/build-node-app.mjs), runs it as a child process and prints its JSON result with
// the machine it ran on and the wall time, as one JSON document.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeApp } from '../../tools/build-node-app.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @param {string} bench the bench's name in the JSON (and the build's folder, `dist/apps/bench-<name>`)
 * @param {string} entry the TypeScript entry, relative to the repository root
 */
export async function runInProcessBench(bench, entry) {
  const app = `bench-${bench}`;
  await buildNodeApp(app, { [bench]: entry });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [join(root, `dist/apps/${app}/${bench}.js`)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: process.env,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    process.stdout.write(child.stdout);
    throw new Error(`the ${bench} bench failed (${child.status})`);
  }
  const result = JSON.parse(child.stdout);
  const document = {
    bench,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    ...result,
  };
  process.stdout.write(JSON.stringify(document, null, 2) + '\n');
}
