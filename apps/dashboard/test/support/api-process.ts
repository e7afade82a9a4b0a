import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TEST_JWT_SECRET } from '@loadwatch/testing';

const ROOT = resolve(__dirname, '../../../..');
/** The built API (`nx run api:build`, which builds the dashboard first; the test target depends on both). */
export const API_MAIN = resolve(ROOT, 'dist/apps/api/main.js');
export const DASHBOARD_INDEX = resolve(ROOT, 'dist/apps/dashboard/index.html');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** `node dist/apps/api/main.js` on the embedded default (SQLite, inline queue) in a temporary data folder. */
export class ApiProcess {
  private readonly lines: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    const collect = (chunk: Buffer) => this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  /** `env`: more settings (the Strava stand-in's URLs and client). */
  static async start(dataDir: string, env: Record<string, string> = {}): Promise<ApiProcess> {
    for (const file of [API_MAIN, DASHBOARD_INDEX]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: build it with 'npx nx run api:build'`);
    }
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [API_MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATA_DIR: dataDir,
        DB: 'sqlite',
        QUEUE_DRIVER: 'inline',
        HOST: '127.0.0.1',
        PORT: String(port),
        JWT_SECRET: TEST_JWT_SECRET,
        PUBLIC_URL: url,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new ApiProcess(child, url);
    const deadline = Date.now() + 60_000;
    while (!api.lines.some((line) => line.includes('Loadwatch listening'))) {
      if (child.exitCode !== null) throw new Error(`The API exited (${child.exitCode}):\n${api.output()}`);
      if (Date.now() > deadline) throw new Error(`The API did not start within 60 s:\n${api.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return api;
  }

  output(): string {
    return this.lines.join('\n');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}
