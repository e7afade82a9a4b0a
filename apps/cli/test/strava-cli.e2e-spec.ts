import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { stravaWebhookSecret } from '@loadwatch/feature/connections';
import { createTestDatabase, StravaStandIn, testConfig, type TestDatabase } from '@loadwatch/testing';
// The real API answers Strava's handshake when the subscription is created.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createApp } from '../../api/src/app/create-app';

jest.setTimeout(60_000);

const execFileAsync = promisify(execFile);
const bin = join(resolve(__dirname, '../../..'), 'bin/loadwatch.js');
const VERIFY_TOKEN = 'cli-verify-token-0123456789';
/** The webhook route's secret last segment, derived from the verify token. */
const SECRET = stravaWebhookSecret(VERIFY_TOKEN);

async function loadwatch(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * `loadwatch strava` against the Strava stand-in, with the API listening on 127.0.0.1 (on SQLite) as the
 * webhook Strava checks: the CLI and the API share the Strava keys and the verify token, as on a server.
 */
describe('loadwatch strava subscribe|unsubscribe|status', () => {
  let stand: StravaStandIn;
  let database: TestDatabase;
  let dir: string;
  let app: INestApplication;
  let env: Record<string, string>;
  let publicUrl: string;

  beforeAll(async () => {
    stand = await new StravaStandIn().start();
    database = await createTestDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'loadwatch-strava-cli-'));
    const config = testConfig(database.db, dir);
    config.connections.strava = {
      clientId: stand.clientId,
      clientSecret: stand.clientSecret,
      apiUrl: stand.apiUrl,
      oauthUrl: stand.oauthUrl,
      webhookVerifyToken: VERIFY_TOKEN,
      readLimits: { perQuarterHour: 100, perDay: 1000 },
    };
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    publicUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    env = {
      DATA_DIR: dir,
      PUBLIC_URL: publicUrl,
      STRAVA_CLIENT_ID: stand.clientId,
      STRAVA_CLIENT_SECRET: stand.clientSecret,
      STRAVA_API_URL: stand.apiUrl,
      STRAVA_OAUTH_URL: stand.oauthUrl,
      STRAVA_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN,
    };
  });

  afterAll(async () => {
    await app?.close();
    await stand?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the subscription through the handshake, shows it, keeps it on a second subscribe, deletes it', async () => {
    const callbackUrl = `${publicUrl}/api/connections/strava/webhook/${SECRET}`;
    await expect(loadwatch(env, 'strava', 'status')).resolves.toMatchObject({
      code: 0,
      stdout: `No Strava webhook subscription. \`loadwatch strava subscribe\` creates one to ${callbackUrl}.\n`,
    });

    const subscribed = await loadwatch(env, 'strava', 'subscribe');
    expect(subscribed).toMatchObject({ code: 0, stderr: '' });
    expect(stand.subscriptions).toEqual([{ id: expect.any(Number), callbackUrl }]);
    const id = stand.subscriptions[0].id;
    expect(subscribed.stdout).toBe(
      `Created the Strava webhook subscription ${id}: events go to ${callbackUrl}.\n`,
    );

    const again = await loadwatch(env, 'strava', 'subscribe');
    expect(again).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`already has the Strava webhook subscription ${id}`),
    });
    expect(stand.subscriptions).toHaveLength(1);

    await expect(loadwatch(env, 'strava', 'status')).resolves.toMatchObject({
      code: 0,
      stdout: `Strava webhook subscription ${id}: events go to ${callbackUrl}, this server.\n`,
    });
    // Another deployment's PUBLIC_URL sees that the subscription is not its own.
    const elsewhere = await loadwatch(
      { ...env, PUBLIC_URL: 'https://loadwatch.example.org' },
      'strava',
      'status',
    );
    expect(elsewhere.stdout).toContain(
      `another URL (this server's is https://loadwatch.example.org/api/connections/strava/webhook/${SECRET})`,
    );

    // Events now reach the API through the subscription (its URL holds the secret); without it, 404.
    await expect(
      fetch(`${publicUrl}/api/connections/strava/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          object_type: 'activity',
          object_id: 1,
          aspect_type: 'create',
          owner_id: 1,
          event_time: 1,
        }),
      }).then((response) => response.status),
    ).resolves.toBe(404);
    await expect(
      stand.sendEvent({
        object_type: 'activity',
        object_id: 1,
        aspect_type: 'create',
        owner_id: 1,
        event_time: 1,
      }),
    ).resolves.toMatchObject({ status: 200 });

    await expect(loadwatch(env, 'strava', 'unsubscribe')).resolves.toMatchObject({
      code: 0,
      stdout: `Deleted the Strava webhook subscription ${id}: Strava sends no more events.\n`,
    });
    expect(stand.subscriptions).toEqual([]);
    await expect(loadwatch(env, 'strava', 'unsubscribe')).resolves.toMatchObject({
      code: 0,
      stdout: 'The app has no Strava webhook subscription; nothing to delete.\n',
    });
  });

  it('fails with exit 1 and says why when Strava cannot verify the callback (no API there, or another token)', async () => {
    const nowhere = await loadwatch({ ...env, PUBLIC_URL: 'http://127.0.0.1:9' }, 'strava', 'subscribe');
    expect(nowhere).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /could not verify http:\/\/127\.0\.0\.1:9\/api\/connections\/strava\/webhook\/[\w-]{32}\./,
      ),
    });
    const wrongToken = await loadwatch(
      { ...env, STRAVA_WEBHOOK_VERIFY_TOKEN: 'another-verify-token-0123456789' },
      'strava',
      'subscribe',
    );
    expect(wrongToken.code).toBe(1);
    expect(stand.subscriptions).toEqual([]);
  });

  it('fails with exit 1 on wrong app credentials, exit 2 without Strava keys, a verify token or a known action', async () => {
    const refused = await loadwatch({ ...env, STRAVA_CLIENT_SECRET: 'not-the-secret' }, 'strava', 'status');
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/answered 401/) });
    expect(refused.stderr).not.toContain('not-the-secret');

    const { STRAVA_CLIENT_ID: _id, STRAVA_CLIENT_SECRET: _secret, ...unconfigured } = env;
    await expect(loadwatch(unconfigured, 'strava', 'status')).resolves.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /Strava is not configured: set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET/,
      ),
    });
    const { STRAVA_WEBHOOK_VERIFY_TOKEN: _token, ...tokenless } = env;
    await expect(loadwatch(tokenless, 'strava', 'subscribe')).resolves.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Set STRAVA_WEBHOOK_VERIFY_TOKEN first/),
    });
    await expect(loadwatch(env, 'strava', 'resubscribe')).resolves.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/expected subscribe, unsubscribe, status, got 'resubscribe'/),
    });
  });
});
