import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { envSchema, loadConfig } from '@loadwatch/shared/config';

/**
 * No Docker engine runs on the development and CI machines (and `docker compose` is not installed), so the
 * compose file and the Dockerfile are checked here instead: the compose file against the Compose
 * Specification's JSON schema plus what this deployment needs, the Dockerfile by its structure.
 */
const ROOT = resolve(__dirname, '../../../..');
const DOCKER = join(ROOT, 'docker');
const read = (path: string) => readFileSync(path, 'utf8');

// `yaml` comes with the toolchain (cosmiconfig, nx); both of its major versions take this call.
const YAML = require('yaml') as { parse(source: string, options: { merge: boolean }): unknown };

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const composeSource = read(join(DOCKER, 'compose.yaml'));
const compose = YAML.parse(composeSource, { merge: true }) as ComposeFile;

describe('docker/compose.yaml', () => {
  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(read(join(__dirname, 'compose-spec/compose-spec.schema.json')));
    // Ajv knows draft-07 by its http:// id; the schema names it by https://.
    delete schema.$schema;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(valid ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  });

  it('runs PostgreSQL 16 and Redis 7 with volumes and health checks, Redis with its append-only file', () => {
    const { postgres, redis } = compose.services;
    expect(postgres.image).toMatch(/^postgres:16\b/);
    expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(redis.image).toMatch(/^redis:7\b/);
    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    expect(redis.volumes).toContain('redis-data:/data');
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('migrates once, then starts the API and two workers on healthy services, sharing the uploads', () => {
    const { migrate, api, worker } = compose.services;
    expect(migrate.command).toEqual(['node', 'bin/loadwatch.js', 'migrate']);
    expect(migrate.build?.target).toBe('api');
    for (const service of [api, worker]) {
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
      expect(service.volumes).toContain(`uploads:${service.environment?.['DATA_DIR']}`);
      expect(service.environment).toMatchObject({
        DB: 'postgres',
        QUEUE_DRIVER: 'bullmq',
        NODE_ENV: 'production',
      });
    }
    expect(api.build?.target).toBe('api');
    expect(worker.build?.target).toBe('worker');
    expect(worker.deploy?.replicas).toBe(2);
    expect(compose.services['mailpit'].image).toMatch(/^axllent\/mailpit:v\d/);
    expect(Object.keys(compose.volumes).sort()).toEqual(['postgres-data', 'redis-data', 'uploads']);
  });

  it('sets only keys the config schema knows, and pins every image', () => {
    const known = Object.keys(envSchema.shape);
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.build) continue;
      const unknown = Object.keys(service.environment ?? {}).filter((key) => !known.includes(key));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
    for (const service of Object.values(compose.services)) {
      if (service.build) continue;
      expect(service.image).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(service.image).not.toMatch(/:latest$/);
    }
  });

  it('gives each app service a configuration that loads, with only the required secrets of .env.example set', () => {
    const example = read(join(DOCKER, '.env.example'));
    const required = [...example.matchAll(/^(\w+)=$/gm)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    const secrets: Record<string, string> = Object.fromEntries(
      required.map((key) => [key, Buffer.alloc(32, 7).toString('base64')]),
    );
    // What `docker compose` does with ${VAR}, ${VAR:-default} and ${VAR:?message}.
    const interpolate = (value: string) =>
      value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, key: string, kind?: string, rest?: string) => {
        if (secrets[key] !== undefined) return secrets[key];
        if (kind === '-') return rest ?? '';
        throw new Error(`${key} is required by compose.yaml but not set in docker/.env.example`);
      });
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.build) continue;
      const environment = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]),
      );
      let problem: string | null = null;
      try {
        loadConfig(environment);
      } catch (error) {
        problem = (error as Error).message;
      }
      expect({ service: name, problem }).toEqual({ service: name, problem: null });
    }
  });

  it('documents every variable it reads in docker/.env.example', () => {
    const example = read(join(DOCKER, '.env.example'));
    const variables = [...composeSource.matchAll(/\$\{(\w+)/g)].map((m) => m[1]);
    expect(variables.length).toBeGreaterThan(5);
    const documented = new Set([...example.matchAll(/^#?\s*(\w+)=/gm)].map((m) => m[1]));
    expect([...new Set(variables)].filter((v) => !documented.has(v))).toEqual([]);
  });
});

interface Stage {
  name: string;
  from: string;
  instructions: { keyword: string; args: string }[];
}

/** The stages of a Dockerfile: continuation lines joined, comments dropped. */
function stages(source: string): Stage[] {
  const lines = source
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const result: Stage[] = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      result.push({ name: match?.[2] ?? String(result.length), from: match?.[1] ?? '', instructions: [] });
    } else {
      result.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return result;
}

/** A stage's instructions, its parent stages' first (`FROM runtime AS api`). */
function inherited(all: Stage[], name: string): Stage['instructions'] {
  const stage = all.find((s) => s.name === name);
  if (!stage) return [];
  return [...inherited(all, stage.from), ...stage.instructions];
}

describe('docker/Dockerfile', () => {
  const source = read(join(DOCKER, 'Dockerfile'));
  const all = stages(source);
  const arg = (name: string) => new RegExp(`^ARG ${name}=(\\S+)$`, 'm').exec(source)?.[1];

  it('builds in stages, from pinned images, with the native build tools in the build stage only', () => {
    expect(all.map((s) => s.name)).toEqual(['build', 'runtime', 'api', 'worker']);
    const base = arg('NODE_IMAGE');
    expect(base).toBe('node:20-bookworm-slim');
    for (const stage of all) {
      const image = stage.from === '${NODE_IMAGE}' ? base : stage.from;
      expect(all.some((s) => s.name === image) || /^[\w./-]+:[\w.-]+$/.test(image ?? '')).toBe(true);
      expect(image).not.toMatch(/:latest$/);
    }
    const build = inherited(all, 'build').map((i) => `${i.keyword} ${i.args}`);
    expect(build.find((i) => i.startsWith('RUN apt-get'))).toMatch(/python3 make g\+\+/);
    for (const target of ['api', 'worker']) {
      expect(inherited(all, target).some((i) => i.args.includes('apt-get'))).toBe(false);
    }
  });

  it('installs from the lockfile with npm install (npm ci refuses it here) and ships production modules', () => {
    const build = inherited(all, 'build').map((i) => `${i.keyword} ${i.args}`);
    expect(build).toContain('COPY package.json package-lock.json ./');
    expect(build.some((i) => /^RUN npm install\b/.test(i))).toBe(true);
    expect(all.flatMap((stage) => stage.instructions).filter((i) => /npm ci\b/.test(i.args))).toEqual([]);
    expect(
      build.some((i) => /nx run-many -t build -p api worker cli/.test(i) && /npm prune --omit=dev/.test(i)),
    ).toBe(true);
  });

  it.each([
    ['api', 'dist/apps/api/main.js', 'api'],
    ['worker', 'dist/apps/worker/main.js', 'worker'],
  ])('runs the %s as a non-root user, with a health check', (target, main, check) => {
    const instructions = inherited(all, target);
    const user = instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    const healthcheck = instructions.filter((i) => i.keyword === 'HEALTHCHECK').at(-1)?.args;
    expect(healthcheck).toContain(`CMD ["node", "docker/healthcheck.cjs", "${check}"]`);
    expect(instructions.filter((i) => i.keyword === 'CMD').at(-1)?.args).toBe(`["node", "${main}"]`);
    // The bundle the CMD runs is what the app's build target writes.
    const app = main.split('/')[2];
    const project = JSON.parse(read(join(ROOT, 'apps', app, 'project.json')));
    expect(project.targets.build.outputs).toEqual([`{workspaceRoot}/dist/apps/${app}`]);
  });

  it('leaves installs, builds and secrets out of the build context', () => {
    const ignored = read(join(ROOT, '.dockerignore')).split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.git', '**/node_modules', 'dist', 'docker/.env']));
    expect(existsSync(join(DOCKER, 'healthcheck.cjs'))).toBe(true);
  });
});

describe('docker/healthcheck.cjs', () => {
  /** The exit code; run asynchronously, so the server of this process can answer meanwhile. */
  const check = (kind: string, env: Record<string, string> = {}) =>
    new Promise<number>((done) =>
      execFile(
        process.execPath,
        [join(DOCKER, 'healthcheck.cjs'), kind],
        { env: { ...process.env, ...env } },
        (error) => done(error ? Number(error.code) : 0),
      ),
    );

  let status = 200;
  let server: Server;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.writeHead(request.url === '/health' ? status : 404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('passes the API while /health answers 200, and fails it otherwise', async () => {
    const port = String((server.address() as AddressInfo).port);
    await expect(check('api', { PORT: port })).resolves.toBe(0);
    status = 503;
    await expect(check('api', { PORT: port })).resolves.toBe(1);
  });

  it('passes a worker while its /metrics answers, and fails it when nothing listens', async () => {
    const port = String((server.address() as AddressInfo).port);
    const metrics = createServer((request, response) =>
      response.writeHead(request.url === '/metrics' ? 200 : 404).end(),
    );
    await new Promise<void>((done) => metrics.listen(0, '127.0.0.1', done));
    const metricsPort = String((metrics.address() as AddressInfo).port);
    await expect(check('worker', { WORKER_METRICS_PORT: metricsPort })).resolves.toBe(0);
    await new Promise<void>((done) => metrics.close(() => done()));
    await expect(check('worker', { WORKER_METRICS_PORT: metricsPort })).resolves.toBe(1);
    // The API's server answers 404 on /metrics: not a healthy worker.
    await expect(check('worker', { WORKER_METRICS_PORT: port })).resolves.toBe(1);
    await expect(check('nothing')).resolves.toBe(2);
  });
});
