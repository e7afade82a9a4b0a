// Summarises V8 .cpuprofile files (node --cpu-prof) of the product's processes over their whole life (start-up
// included): self time by part of the stack (the app's bundled code, the database and queue clients, logging,
// the decode libraries as one part, GC) and the hottest functions. Used by bench/ingest.mjs (BENCH_PROFILE=1).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PARTS = [
  [/node_modules\/(@garmin\/fitsdk|fit-file-parser)\//, 'FIT decode libraries'],
  [/node_modules\/typeorm\//, 'TypeORM'],
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//, 'pg driver'],
  [/node_modules\/(bullmq|ioredis|@ioredis)\//, 'BullMQ / ioredis'],
  [
    /node_modules\/(pino|pino-http|nestjs-pino|sonic-boom|thread-stream|fast-redact|pino-std-serializers)\//,
    'logging (pino)',
  ],
  [/node_modules\/(@nestjs|express|multer|busboy|body-parser|router)\//, 'NestJS / Express / multer'],
  [/dist\/apps\/\w+\/main\.js/, 'loadwatch code (the bundled libs)'],
];

function part(frame) {
  if (frame.functionName === '(garbage collector)') return 'GC';
  if (frame.functionName === '(idle)') return 'idle';
  if (frame.functionName === '(program)') return 'native / runtime';
  const url = frame.url ?? '';
  const known = PARTS.find(([pattern]) => pattern.test(url));
  if (known) return known[1];
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (module) return `other: ${module[1]}`;
  return 'node internals';
}

/** Self milliseconds by part and by function, over every .cpuprofile in `dir` whose name starts with `prefix`. */
export function summariseProfiles(dir, prefix) {
  const byPart = new Map();
  const byFunction = new Map();
  let totalMs = 0;
  const files = readdirSync(dir).filter((name) => name.startsWith(prefix) && name.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const frame = nodes.get(id).callFrame;
      const name = part(frame);
      totalMs += ms;
      byPart.set(name, (byPart.get(name) ?? 0) + ms);
      // The FIT SDK's own functions are not listed one by one (its licence forbids benchmarking it): only the
      // share of the product's time spent in the decode libraries, as one part.
      if (name !== 'idle' && name !== 'FIT decode libraries') {
        const where = frame.url
          ? `${frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${frame.lineNumber + 1}`
          : '';
        const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
        byFunction.set(key, { part: name, ms: (byFunction.get(key)?.ms ?? 0) + ms });
      }
    });
  }
  const busyMs = totalMs - (byPart.get('idle') ?? 0);
  const share = (ms) => Number(((100 * ms) / busyMs).toFixed(1));
  const parts = [...byPart].filter(([name]) => name !== 'idle').sort((a, b) => b[1] - a[1]);
  return {
    profiles: files.length,
    busySeconds: Number((busyMs / 1000).toFixed(2)),
    percentOfBusy: Object.fromEntries([
      ...parts.filter(([, ms]) => share(ms) >= 0.5).map(([name, ms]) => [name, share(ms)]),
      [
        'the rest (each part under 0.5 %)',
        share(parts.filter(([, ms]) => share(ms) < 0.5).reduce((n, [, ms]) => n + ms, 0)),
      ],
    ]),
    hottest: [...byFunction]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 15)
      .map(([fn, { part: name, ms }]) => ({ function: fn, part: name, percentOfBusy: share(ms) })),
  };
}
