// `npm run bench:ingest`: end-to-end ingest throughput of real FIT files through the built API, Redis, N
// built workers and PostgreSQL, against the bare decode rate of the same files measured in the same run by
// the product's own decode path (`loadwatch analyze --json --jobs N`), and where the time goes. Prints one
// JSON document. The FIT SDK is never timed on its own (its licence forbids benchmarking it).
//
// Environment: BENCH_WORKERS (worker processes, default 2), BENCH_FILES (files of the synthetic history,
// default 400), BENCH_BATCH (files per upload request, default 20), BENCH_UPLOAD_CONCURRENCY (requests in
// flight, default 2), REDIS_URL (default redis://127.0.0.1:6379), PG_ADMIN_URL (default
// postgres://postgres@127.0.0.1:5432/postgres; a database of its own is created and dropped), BENCH_KEEP=1
// keeps the database, the data folder and the process logs.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ensureHistory } from './generate-history.mjs';
import { summariseProfiles } from './lib/cpu-profile.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const env = process.env;
const WORKERS = Number(env.BENCH_WORKERS ?? 2);
const HISTORY_FILES = Number(env.BENCH_FILES ?? 400);
const BATCH = Number(env.BENCH_BATCH ?? 20);
const UPLOAD_CONCURRENCY = Number(env.BENCH_UPLOAD_CONCURRENCY ?? 2);
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_ADMIN_URL = env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = env.BENCH_KEEP === '1';
const PROFILE = env.BENCH_PROFILE === '1';
const QUEUES = ['ingest', 'load', 'rules'];
const FINAL = new Set(['processed', 'duplicate', 'rejected', 'failed']);
const MAIN = {
  api: 'dist/apps/api/main.js',
  worker: 'dist/apps/worker/main.js',
  cli: 'dist/apps/cli/main.js',
};

const seconds = (ms) => Number((ms / 1000).toFixed(3));
const rate = (count, ms) => Number((count / (ms / 1000)).toFixed(1));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stats(values) {
  if (values.length === 0) return { count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    totalS: seconds(sum),
    meanMs: Math.round(sum / sorted.length),
    p50Ms: Math.round(at(0.5)),
    p95Ms: Math.round(at(0.95)),
    maxMs: Math.round(sorted.at(-1)),
  };
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of the services by pid: this run's PostgreSQL backends (their title names the database), the
 * cluster's background processes (WAL writer, checkpointer: shared with anything else on the cluster), Redis.
 */
function serviceProcesses(database) {
  const out = new Map();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      let name = null;
      if (comm === 'redis-server') name = 'redis (shared server)';
      else if (comm === 'postgres' && title.includes(` ${database} `)) name = 'postgres (this database)';
      else if (
        comm === 'postgres' &&
        /(walwriter|checkpointer|background writer|autovacuum launcher)/.test(title)
      ) {
        name = 'postgres (background, shared)';
      }
      if (name) out.set(pid, { name, cpu: cpuSeconds(pid) ?? 0 });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** CPU seconds each service used between two snapshots (a process new since the first counts whole). */
function serviceCpu(before, after) {
  const total = {};
  for (const [pid, { name, cpu }] of after) {
    total[name] = (total[name] ?? 0) + cpu - (before.get(pid)?.cpu ?? 0);
  }
  return Object.fromEntries(Object.entries(total).map(([name, cpu]) => [name, Number(cpu.toFixed(2))]));
}

/** A built app as a child process, its output in a log file; resolves once `ready` matches a line. */
function startProcess(name, main, processEnv, logDir, ready) {
  const log = join(logDir, `${name}.log`);
  const profile = PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${join(logDir, 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profile, join(root, main)], {
    cwd: root,
    env: { PATH: env.PATH ?? '', ...processEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(log);
  let seen = '';
  const started = new Promise((done, fail) => {
    const watch = (chunk) => {
      out.write(chunk);
      if (seen !== null) {
        seen = (seen + chunk.toString('utf8')).slice(-4096);
        if (ready.test(seen)) {
          seen = null;
          done();
        }
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.once('exit', (code) => fail(new Error(`${name} exited (${code}) before it was ready; see ${log}`)));
  });
  const exited = new Promise((done) => child.once('exit', done));
  return {
    name,
    pid: child.pid,
    log,
    started,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      out.end();
    },
  };
}

async function api(base, path, { token, method = 'GET', body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
}

/** The sample values of a metric family in Prometheus text, keyed by their label set. */
function samples(text, name) {
  const out = {};
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`).exec(line);
    if (match) out[match[1] ?? ''] = Number(match[2]);
  }
  return out;
}

function inputFiles() {
  const history = readdirSync(HISTORY_DIR)
    .filter((name) => name.endsWith('.fit'))
    .sort()
    .slice(0, HISTORY_FILES)
    .map((name) => join(HISTORY_DIR, name));
  const fixtures = readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.fit'))
    .sort()
    .map((name) => join(FIXTURES_DIR, name));
  return { history, fixtures, all: [...history, ...fixtures] };
}

/** `loadwatch analyze` over a folder holding copies of exactly the uploaded files: the bare decode rate. */
function bareDecode(files, jobs, workDir) {
  const dir = join(workDir, 'analyze-input');
  mkdirSync(dir, { recursive: true });
  files.forEach((file, i) =>
    copyFileSync(file, join(dir, `${String(i).padStart(4, '0')}-${basename(file)}`)),
  );
  const resultFile = join(workDir, 'analyze-cpu.json');
  const args = [
    join(here, 'lib/analyze-cpu.cjs'),
    resultFile,
    'analyze',
    dir,
    '--json',
    '--no-progress',
    '--tz',
    'Europe/London',
    '--jobs',
    String(jobs),
  ];
  const started = performance.now();
  const child = spawnSync(process.execPath, args, {
    cwd: root,
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`analyze failed (${child.status}): ${child.stderr}`);
  const report = JSON.parse(child.stdout);
  return {
    ms,
    cpuSeconds: JSON.parse(readFileSync(resultFile, 'utf8')).cpuSeconds,
    activities: report.activities.length,
    rejected: report.rejected.length,
    duplicates: report.duplicates.length,
  };
}

/** Every job the queues kept (BullMQ keeps completed and failed jobs), with its timestamps. */
async function jobRecords(connection, prefix) {
  const records = [];
  for (const name of QUEUES) {
    const queue = new Queue(name, { connection, prefix });
    for (const state of ['completed', 'failed']) {
      for (let start = 0; ; start += 500) {
        const jobs = await queue.getJobs([state], start, start + 499, true);
        records.push(
          ...jobs.filter(Boolean).map((job) => ({
            queue: name,
            name: job.name,
            state,
            createdMs: job.timestamp,
            delayMs: job.delay ?? 0,
            processedMs: job.processedOn,
            finishedMs: job.finishedOn,
            attempts: job.attemptsMade,
          })),
        );
        if (jobs.length < 500) break;
      }
    }
    await queue.close();
  }
  return records;
}

async function cleanRedis(connection, prefix) {
  for (const name of QUEUES) {
    const queue = new Queue(name, { connection, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
  let cursor = '0';
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length > 0) await connection.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

const HISTORY_DIR = join(here, '.cache', 'history-10y');
const FIXTURES_DIR = join(root, 'libs/domain/fit/test/fixtures/ok');

async function main() {
  for (const [name, main] of Object.entries(MAIN)) {
    if (!existsSync(join(root, main)))
      throw new Error(`${main} is missing: build it with 'npx nx run ${name}:build'`);
  }
  await ensureHistory({ out: HISTORY_DIR });
  const loadAtStart = loadavg().map((n) => Number(n.toFixed(2)));
  const files = inputFiles();
  const bytes = files.all.reduce((sum, file) => sum + statSync(file).size, 0);

  const workDir = mkdtempSync(join(tmpdir(), 'loadwatch-bench-ingest-'));
  const dbName = `loadwatch_bench_${randomBytes(5).toString('hex')}`;
  const prefix = `lw-bench-${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const appEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: env.BENCH_LOG_LEVEL ?? 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: join(workDir, 'data'),
    DB: 'postgres',
    DATABASE_URL: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`),
    DB_RUN_MIGRATIONS: 'false',
    QUEUE_DRIVER: 'bullmq',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(36).toString('base64url'),
  };
  const processes = [];
  try {
    const migrate = spawnSync(process.execPath, [join(root, 'bin/loadwatch.js'), 'migrate'], {
      cwd: root,
      env: { PATH: env.PATH, ...appEnv },
      encoding: 'utf8',
    });
    if (migrate.status !== 0)
      throw new Error(`loadwatch migrate failed: ${migrate.stderr || migrate.stdout}`);

    const apiProcess = startProcess('api', MAIN.api, appEnv, workDir, /Loadwatch listening/);
    processes.push(apiProcess);
    const workers = Array.from({ length: WORKERS }, (_, i) =>
      startProcess(`worker-${i + 1}`, MAIN.worker, appEnv, workDir, /Workers started/),
    );
    processes.push(...workers);
    await Promise.all(processes.map((p) => p.started));
    const cpuBefore = Object.fromEntries(processes.map((p) => [p.name, cpuSeconds(p.pid)]));
    const servicesBefore = serviceProcesses(dbName);
    const benchBefore = process.cpuUsage();

    const email = `bench-${Date.now()}@example.test`;
    const { accessToken: token } = await api(base, '/api/auth/register', {
      method: 'POST',
      body: { email, password: 'correct horse battery', role: 'athlete' },
    });

    // Upload: batches of files per request, a few requests in flight.
    const batches = [];
    for (let i = 0; i < files.all.length; i += BATCH) batches.push(files.all.slice(i, i + BATCH));
    const requestMs = [];
    const accepted = [];
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          const form = new FormData();
          for (const file of batch) form.append('files', new Blob([readFileSync(file)]), basename(file));
          const started = performance.now();
          const body = await api(base, '/api/uploads', { token, method: 'POST', body: form });
          requestMs.push(performance.now() - started);
          accepted.push(...body.uploads);
        }
      }),
    );
    const uploadedMs = performance.now() - t0;

    // Until every upload is final, then until the queues are idle (recompute-load and evaluate-rules).
    let uploads = [];
    let finalMs = null;
    for (;;) {
      const page = [];
      for (let offset = 0; ; offset += 200) {
        const body = await api(base, `/api/uploads?limit=200&offset=${offset}`, { token });
        page.push(...body.items);
        if (offset + 200 >= body.total) break;
      }
      uploads = page;
      if (
        uploads.length >= accepted.filter((u) => u.status === 'received').length &&
        uploads.every((u) => FINAL.has(u.status))
      ) {
        finalMs = performance.now() - t0;
        break;
      }
      if (performance.now() - t0 > 30 * 60_000) throw new Error('Uploads were not final after 30 minutes');
      await sleep(200);
    }
    let idleMs = null;
    let metricsText = '';
    for (;;) {
      metricsText = await api(base, '/metrics');
      const depth = samples(metricsText, 'loadwatch_queue_jobs');
      const busy = Object.entries(depth)
        .filter(([labels]) => /state="(waiting|active|delayed)"/.test(labels))
        .reduce((n, [, v]) => n + v, 0);
      if (busy === 0) {
        idleMs = performance.now() - t0;
        break;
      }
      if (performance.now() - t0 > 30 * 60_000) throw new Error('Queues were not idle after 30 minutes');
      await sleep(200);
    }
    const cpu = Object.fromEntries(
      processes.map((p) => [
        p.name,
        Number(((cpuSeconds(p.pid) ?? 0) - (cpuBefore[p.name] ?? 0)).toFixed(2)),
      ]),
    );
    const bench = process.cpuUsage(benchBefore);
    const cpuSpent = {
      ...cpu,
      ...serviceCpu(servicesBefore, serviceProcesses(dbName)),
      'bench client (uploads, polling)': Number(((bench.user + bench.system) / 1e6).toFixed(2)),
    };

    const jobs = await jobRecords(redis, prefix);
    const byStatus = {};
    for (const u of uploads) byStatus[u.status] = (byStatus[u.status] ?? 0) + 1;
    byStatus.duplicate = accepted.filter((u) => u.status === 'duplicate').length;
    const activities = uploads.reduce((n, u) => n + u.activityCount, 0);
    const uploadToFinal = uploads
      .filter((u) => u.processedAt)
      .map((u) => Date.parse(u.processedAt) - Date.parse(u.createdAt));
    const stage = (name, pick) =>
      stats(jobs.filter((j) => j.name === name && j.processedMs && j.finishedMs).map(pick));
    const wait = (j) => j.processedMs - j.createdMs - j.delayMs;
    const run = (j) => j.finishedMs - j.processedMs;
    const ingestRunTotalMs = jobs
      .filter((j) => j.name === 'ingest-fit' && j.finishedMs)
      .reduce((n, j) => n + run(j), 0);

    const decode = bareDecode(files.all, WORKERS, workDir);
    // The profiles are written as the processes exit.
    let profile;
    if (PROFILE) {
      await Promise.all(processes.map((p) => p.stop()));
      const dir = join(workDir, 'profiles');
      profile = { api: summariseProfiles(dir, 'api'), workers: summariseProfiles(dir, 'worker-') };
    }

    const endToEnd = {
      seconds: seconds(finalMs),
      filesPerS: rate(files.all.length, finalMs),
      activitiesPerS: rate(activities, finalMs),
      MBps: Number((bytes / 1e6 / (finalMs / 1000)).toFixed(2)),
      untilQueuesIdleSeconds: seconds(idleMs),
      uploads: byStatus,
      activities,
    };
    const bare = {
      command: `loadwatch analyze <the same ${files.all.length} files> --json --jobs ${WORKERS}`,
      seconds: seconds(decode.ms),
      filesPerS: rate(files.all.length, decode.ms),
      activitiesPerS: rate(decode.activities, decode.ms),
      MBps: Number((bytes / 1e6 / (decode.ms / 1000)).toFixed(2)),
      activities: decode.activities,
      rejected: decode.rejected,
      duplicates: decode.duplicates,
    };
    const report = {
      benchmark:
        'loadwatch ingest, end to end: HTTP upload -> API -> Redis (BullMQ) -> workers -> PostgreSQL',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      workers: WORKERS,
      // Other work on the machine during the run skews every number: compare runs at a similar load.
      loadAverageAtStart: loadAtStart,
      input: {
        files: files.all.length,
        historyFiles: files.history.length,
        fixtureFiles: files.fixtures.length,
        MB: Number((bytes / 1e6).toFixed(2)),
        uploadRequests: batches.length,
        filesPerRequest: BATCH,
        requestsInFlight: UPLOAD_CONCURRENCY,
      },
      endToEnd,
      bareDecode: bare,
      ratio: {
        filesPerS: Number((endToEnd.filesPerS / bare.filesPerS).toFixed(3)),
        activitiesPerS: Number((endToEnd.activitiesPerS / bare.activitiesPerS).toFixed(3)),
      },
      stages: {
        uploadHttp: {
          ...stats(requestMs),
          phaseSeconds: seconds(uploadedMs),
          msPerFile: Math.round(uploadedMs / files.all.length),
        },
        queueWait: {
          'ingest-fit': stage('ingest-fit', wait),
          'recompute-load': stage('recompute-load', wait),
          'evaluate-rules': stage('evaluate-rules', wait),
        },
        jobRun: {
          'ingest-fit': stage('ingest-fit', run),
          'recompute-load': stage('recompute-load', run),
          'evaluate-rules': stage('evaluate-rules', run),
        },
        uploadToFinal: stats(uploadToFinal),
        workerUtilisation: Number((ingestRunTotalMs / (finalMs * WORKERS)).toFixed(3)),
      },
      cpuSeconds: {
        untilQueuesIdle: cpuSpent,
        total: Number(
          Object.values(cpuSpent)
            .reduce((a, b) => a + b, 0)
            .toFixed(2),
        ),
        available: Number(((idleMs / 1000) * cpus().length).toFixed(2)),
        bareDecode: Number(decode.cpuSeconds.toFixed(2)),
      },
      apiMetrics: {
        ingestResults: samples(metricsText, 'loadwatch_ingest_results_total'),
        uploadFiles: samples(metricsText, 'loadwatch_upload_files_total'),
        queueJobs: samples(metricsText, 'loadwatch_queue_jobs'),
      },
      ...(profile ? { cpuProfile: profile } : {}),
      notes: [
        'endToEnd.seconds: from the first upload request to the moment every upload is final (processed, rejected, failed); untilQueuesIdleSeconds also waits for recompute-load and evaluate-rules.',
        'bareDecode: the product decode path (read, decode, normalize, weekly load) in one CLI process with --jobs worker threads, on the same files, in this run; ratio = endToEnd / bareDecode.',
        'queueWait: BullMQ processedOn - (timestamp + delay) of each kept job (debounced jobs wait their window first, not counted); jobRun: finishedOn - processedOn. The workers expose no /metrics of their own yet, so job durations come from the jobs BullMQ keeps; uploadToFinal from createdAt/processedAt of the uploads.',
        'cpuSeconds: CPU used from the first upload until the queues were idle, per process (from /proc); available = that time x cores. bareDecode: CPU of the analyze run.',
        ...(PROFILE
          ? [
              'BENCH_PROFILE=1: the API and workers ran under --cpu-prof, which slows them; use the throughput of a run without it.',
            ]
          : []),
        'workerUtilisation: ingest job run time over (end-to-end time x worker processes); above 1 means jobs overlapped within a process (QUEUE_CONCURRENCY_INGEST).',
      ],
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    if (!KEEP) {
      await cleanRedis(redis, prefix).catch(() => undefined);
      const drop = new pg.Client({ connectionString: PG_ADMIN_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await drop.end();
      rmSync(workDir, { recursive: true, force: true });
    } else {
      console.error(`Kept: database ${dbName}, Redis prefix ${prefix}, folder ${workDir}`);
    }
    await redis.quit();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
