/**
 * @jest-environment node
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ActivitySummary, AuthTokensResponse, Page as ListPage } from '@loadwatch/shared/contracts';
import { StravaStandIn, workedExampleFitFiles } from '@loadwatch/testing';
import { ApiProcess } from './support/api-process';

/**
 * The dashboard in Debian's headless Chromium against the built API on the embedded default: an athlete signs
 * up, uploads the worked example of spec/metrics.md section 9 as FIT files, sees the weeks and findings, logs a
 * red-flag symptom; a coach invites, sees the athlete without health data, then with it after the grant. The
 * athlete then saves email preferences, connects Strava (the stand-in of libs/testing on 127.0.0.1) through the
 * browser's OAuth round trip, sees the backfilled runs and one run merged with its FIT upload, which the coach
 * sees without anything from Strava; undoes the merge and sees the week count the run twice, deletes the Strava
 * copy and sees the week as before (both without a reload), disconnects, downloads the data and deletes the
 * account.
 * Screenshots of the main screens go to tmp/artifacts/dashboard/.
 */
const ARTIFACTS = resolve(__dirname, '../../../tmp/artifacts/dashboard');
const FIT_FIXTURES = resolve(__dirname, '../../../libs/domain/fit/test/fixtures/ok');
const PASSWORD = 'correct horse battery';
const ATHLETE = { email: 'ada@example.com', name: 'Ada Runner' };
const COACH = { email: 'coach@example.com', name: 'Cas Coach' };
/** The athlete at the Strava stand-in. */
const STRAVA_ATHLETE = 1001;

jest.setTimeout(180_000);

async function browser(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A link of the main navigation (pages have other links of the same name). */
function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** The bytes of the worked example's FIT file of one day. */
function fitFileOf(date: string): Uint8Array {
  const file = workedExampleFitFiles().find((f) => f.date === date);
  if (!file) throw new Error(`The worked example has no FIT file of ${date}.`);
  return file.bytes;
}

/** The row of one week in the weeks table (attached even while the table is folded away). */
function weekRow(page: Page, weekOf: string) {
  return page.locator('.weeks-table tbody tr').filter({ hasText: weekOf });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function signUp(
  page: Page,
  url: string,
  who: { email: string; name: string },
  role: 'A runner' | 'A coach',
) {
  await page.goto(`${url}/signup`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel('Your name (optional)').fill(who.name);
  await page.getByLabel(role).check();
  await page.getByRole('button', { name: 'Create account' }).click();
}

describe('the dashboard in a browser', () => {
  let work: string;
  let api: ApiProcess;
  let strava: StravaStandIn;
  let athleteBrowser: BrowserContext;
  let coachBrowser: BrowserContext;
  let athlete: Page;
  let coach: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'loadwatch-dashboard-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    strava = await new StravaStandIn().start();
    strava.consentAs = { athleteId: STRAVA_ATHLETE, scope: 'read,activity:read_all' };
    api = await ApiProcess.start(join(work, 'data'), {
      STRAVA_CLIENT_ID: strava.clientId,
      STRAVA_CLIENT_SECRET: strava.clientSecret,
      STRAVA_API_URL: strava.apiUrl,
      STRAVA_OAUTH_URL: strava.oauthUrl,
    });
    athleteBrowser = await browser(join(work, 'athlete-browser'));
    coachBrowser = await browser(join(work, 'coach-browser'));
    athlete = athleteBrowser.pages()[0] ?? (await athleteBrowser.newPage());
    coach = coachBrowser.pages()[0] ?? (await coachBrowser.newPage());
    for (const page of [athlete, coach]) {
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        // Failed requests are judged below, by their route.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          errors.push(message.text());
        }
      });
      page.on('response', (response) => {
        const { pathname } = new URL(response.url());
        const expected =
          // The GPX file dropped alone: no FIT file in that request.
          (response.status() === 400 && pathname === '/api/uploads') ||
          // Health data of an athlete who has not granted it.
          (response.status() === 403 && /^\/api\/athletes\/[^/]+\/symptoms$/.test(pathname));
        if (response.status() >= 400 && !expected) errors.push(`${response.status()} ${pathname}`);
      });
    }
  });

  afterAll(async () => {
    await athleteBrowser?.close();
    await coachBrowser?.close();
    await api?.stop();
    await strava?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('serves the dashboard for its routes and leaves the API paths to the API', async () => {
    const page = await fetch(`${api.url}/overview`);
    expect(page.status).toBe(200);
    await expect(page.text()).resolves.toContain('<div id="root">');
    expect((await fetch(`${api.url}/api/no-such-route`)).status).toBe(404);
    expect((await fetch(`${api.url}/health`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${api.url}/assets/missing.js`)).status).toBe(404);
  });

  it('signs an athlete up and shows the empty start page, with the framing note', async () => {
    await signUp(athlete, api.url, ATHLETE, 'A runner');
    await expect(athlete.getByRole('heading', { name: 'No runs yet' }).waitFor()).resolves.toBeUndefined();
    expect(athlete.url()).toBe(`${api.url}/overview`);
    await expect(
      athlete.getByRole('note').filter({ hasText: 'cannot diagnose' }).textContent(),
    ).resolves.toContain('seek emergency care now');
  });

  it('uploads real FIT files with per-file status: processed, duplicate, and rejected with the reason', async () => {
    const files = workedExampleFitFiles().map(({ name, bytes }) => {
      const path = join(work, name);
      writeFileSync(path, bytes);
      return path;
    });
    await nav(athlete, 'Upload').click();
    await athlete.locator('#upload-input').setInputFiles(files);
    const list = athlete.getByRole('list', { name: 'Files of this session' });
    await expect(
      list
        .getByText('Processed')
        .nth(files.length - 1)
        .waitFor({ timeout: 60_000 }),
    ).resolves.toBeUndefined();

    // Drag and drop: the same file again, and a file that is not a FIT file.
    const fixture = readdirSync(FIT_FIXTURES).find((name) => name.endsWith('.fit')) as string;
    const drop = await athlete.evaluateHandle(
      ([duplicate, bytes]) => {
        const transfer = new DataTransfer();
        transfer.items.add(
          new File([new Uint8Array(bytes)], duplicate, { type: 'application/octet-stream' }),
        );
        transfer.items.add(new File(['<gpx></gpx>'], 'route.gpx', { type: 'application/gpx+xml' }));
        return transfer;
      },
      ['2026-10-18.fit', [...fitFileOf('2026-10-18')]] as const,
    );
    await athlete.dispatchEvent('.dropzone', 'drop', { dataTransfer: drop });
    await expect(list.getByText('Duplicate').first().waitFor()).resolves.toBeUndefined();
    // The GPX file alone: rejected with the reason, like the files refused inside an archive.
    const gpx = list.getByRole('listitem').filter({ hasText: 'route.gpx' }).first();
    await expect(gpx.getByText('Rejected').waitFor()).resolves.toBeUndefined();
    await expect(gpx.textContent()).resolves.toMatch(
      /Rejected\s+— GPX files are not supported: only FIT files/,
    );
    await expect(gpx.textContent()).resolves.not.toContain('Not uploaded');
    expect(fixture).toBeDefined();
    await shot(athlete, 'uploads');
  });

  it('shows the weeks, the ratios with their caveat, and the findings with their evidence', async () => {
    await nav(athlete, 'Overview').click();
    // The inline queue recomputes the weeks and findings just after the uploads: reload until they show.
    for (let i = 0; i < 60; i++) {
      if ((await athlete.locator('.finding').count()) > 0) break;
      await athlete.waitForTimeout(500);
      await athlete.reload();
      await athlete.locator('#findings-title').waitFor();
    }
    await athlete.locator('.weeks-chart canvas').first().waitFor();
    await athlete.getByText('Show the weeks as a table').click();
    const table = athlete.locator('.weeks-table table');
    await expect(table.getByRole('row').filter({ hasText: '12 Oct 2026' }).textContent()).resolves.toMatch(
      /42\.0 km.*3.*\+31\.3 %/,
    );
    await expect(athlete.getByRole('heading', { name: 'Acute:chronic ratios' }).isVisible()).resolves.toBe(
      true,
    );
    await expect(
      athlete.getByRole('note').filter({ hasText: 'Research disputes' }).isVisible(),
    ).resolves.toBe(true);

    const findings = athlete.getByRole('list', { name: /most serious first/ });
    await expect(findings.getByText(/R01/).first().isVisible()).resolves.toBe(true);
    await expect(findings.getByText(/R03/).first().isVisible()).resolves.toBe(true);
    const first = findings.getByRole('button').filter({ hasText: 'R03' }).first();
    await first.click();
    await expect(first.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(findings.getByText('Source:').first().isVisible()).resolves.toBe(true);
    // The evidence in words and units: R03 of spec/metrics.md section 9, 42 km against 32 km.
    const evidence = findings.locator('.finding-evidence').first();
    await expect(evidence.textContent()).resolves.toMatch(/Week to date\s*42\.0 km/);
    await expect(evidence.textContent()).resolves.toMatch(/Previous week\s*32\.0 km/);
    await expect(evidence.textContent()).resolves.toMatch(/against the previous week\s*131 %/);
    await expect(evidence.textContent()).resolves.not.toMatch(/week to date m/i);
    await expect(athlete.getByRole('heading', { name: 'Last 16 weeks' }).isVisible()).resolves.toBe(true);
    // The current week (no run since October) reads as such, not as 0 km and a ramp.
    const summary = athlete.getByRole('region', { name: 'This week' });
    await expect(summary.textContent()).resolves.toMatch(/This weekNo runs yetthis week, since/);
    await expect(summary.textContent()).resolves.toContain('Last week');

    // Keyboard: the chart takes focus and the arrow keys step through the weeks.
    const detail = athlete.getByRole('region', { name: 'Selected week' });
    const chart = athlete.locator('.weeks-chart');
    await chart.focus();
    await athlete.keyboard.press('Home');
    const oldest = await detail.getByRole('heading').textContent();
    await athlete.keyboard.press('ArrowRight');
    await expect(detail.getByRole('heading').textContent()).resolves.not.toBe(oldest);
    await shot(athlete, 'athlete-overview');
  });

  it('shows "seek emergency care now" the moment a red flag is ticked, and an urgent finding once saved', async () => {
    await nav(athlete, 'Symptoms').click();
    const advice = athlete.locator('.advice-area');
    await expect(advice.textContent()).resolves.toBe('');
    await athlete.getByLabel(/Numbness in the groin/).check();
    await expect(advice.textContent()).resolves.toContain('Seek emergency care now.');
    await shot(athlete, 'symptom-red-flag');

    await athlete.getByLabel('Date').fill('2026-10-21');
    await athlete.getByRole('button', { name: 'Save log' }).click();
    await athlete.getByText('Saved your log of 2026-10-21.').waitFor();

    await nav(athlete, 'Overview').click();
    const urgent = athlete.locator('.finding-urgent');
    for (let i = 0; i < 40 && (await urgent.count()) === 0; i++) {
      await athlete.waitForTimeout(500);
      await athlete.reload();
      await athlete.locator('#findings-title').waitFor();
    }
    await expect(urgent.first().textContent()).resolves.toMatch(/Urgent.*R12/);
    // Most serious first.
    await expect(athlete.locator('.finding').first().getAttribute('class')).resolves.toContain(
      'finding-urgent',
    );
  });

  it('fills the bone-health questionnaire with "prefer not to say" items', async () => {
    await nav(athlete, 'Bone health').click();
    await athlete.getByRole('group', { name: 'Sex' }).getByLabel('Prefer not to say').check();
    await athlete.getByLabel('Vitamin D value').fill('18');
    await athlete.getByRole('button', { name: 'Save answers' }).click();
    await athlete.getByText('Saved. Your findings are being updated.').waitFor();
    await shot(athlete, 'bone-health');
  });

  let acceptUrl: string;

  it('lets a coach invite the athlete', async () => {
    await signUp(coach, api.url, COACH, 'A coach');
    await coach.getByRole('heading', { name: 'Your athletes' }).waitFor();
    await coach.getByLabel("Athlete's email").fill(ATHLETE.email);
    await coach.getByRole('button', { name: 'Send invitation' }).click();
    acceptUrl = (await coach.getByTestId('accept-url').getAttribute('href')) as string;
    expect(acceptUrl.startsWith(api.url)).toBe(true);
  });

  it('lets the athlete accept the invitation from its link', async () => {
    await athlete.goto(acceptUrl);
    await athlete.getByRole('heading', { name: `${COACH.name} invites you to Loadwatch` }).waitFor();
    await shot(athlete, 'invitation');
    await athlete.getByRole('button', { name: 'Accept invitation' }).click();
    await athlete.getByRole('heading', { name: 'Settings' }).waitFor();
    await athlete.getByText(COACH.name, { exact: true }).waitFor();
  });

  it('shows the coach the athlete without health data before the grant', async () => {
    await coach.reload();
    const row = coach.getByRole('row').filter({ hasText: ATHLETE.name });
    await expect(row.textContent()).resolves.toContain('not shared');
    // Without the grant the coach sees load findings only: caution, never the urgent symptom finding.
    await expect(row.textContent()).resolves.toContain('Caution');
    await shot(coach, 'coach-roster');

    await row.getByRole('link', { name: ATHLETE.name }).click();
    await coach.getByText('has not shared health data').waitFor();
    await coach.locator('.finding').first().waitFor();
    await expect(coach.locator('.finding-urgent').count()).resolves.toBe(0);
    await expect(coach.getByText(/R01/).first().isVisible()).resolves.toBe(true);
    await shot(coach, 'coach-athlete-without-grant');
  });

  it('shows the coach the health data once the athlete grants it', async () => {
    await athlete.getByRole('button', { name: /Share health data/ }).click();
    await athlete.getByText('shared', { exact: true }).waitFor();
    await shot(athlete, 'settings');

    await coach.reload();
    await coach.getByText('Health data shared with you by this athlete is included.').waitFor();
    await expect(coach.locator('.finding').first().textContent()).resolves.toMatch(/Urgent.*R12/);
    await shot(coach, 'coach-athlete-with-grant');

    await coach.getByRole('link', { name: '← All athletes' }).click();
    const row = coach.getByRole('row').filter({ hasText: ATHLETE.name });
    await expect(row.textContent()).resolves.toContain('Wed, 21 Oct 2026');
    await expect(row.textContent()).resolves.toContain('Urgent');
  });

  it('saves email preferences: urgent alerts can only be redirected', async () => {
    await nav(athlete, 'Settings').click();
    const emails = athlete.getByRole('region', { name: 'Emails' });
    await expect(emails.getByText('Urgent alerts cannot be switched off.').isVisible()).resolves.toBe(true);
    await expect(emails.getByRole('checkbox', { name: /urgent/i }).count()).resolves.toBe(0);
    await emails.getByLabel('A weekly digest on Monday morning').uncheck();
    await emails.getByLabel(/Send urgent alerts to/).fill('partner@example.com');
    await emails.getByRole('button', { name: 'Save email preferences' }).click();
    await emails.getByText('Email preferences saved. Urgent alerts go to partner@example.com.').waitFor();
    await shot(athlete, 'settings-email');

    await athlete.reload();
    const saved = athlete.getByRole('region', { name: 'Emails' });
    await expect(saved.getByLabel('A weekly digest on Monday morning').isChecked()).resolves.toBe(false);
    await expect(
      saved.getByLabel('Warnings, as they happen (at most one load warning a day)').isChecked(),
    ).resolves.toBe(true);
    await expect(saved.getByLabel(/Send urgent alerts to/).inputValue()).resolves.toBe('partner@example.com');
  });

  it('connects Strava through the OAuth round trip and shows the backfill, its sync status and a merged run', async () => {
    // The same 20 km run as the FIT upload of 2026-10-18 (same start, same moving time), three Strava-only
    // runs in November, and the stand-in's consent page, which consents at once.
    const login = (await (
      await fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: ATHLETE.email, password: PASSWORD }),
      })
    ).json()) as AuthTokensResponse;
    const listed = (await (
      await fetch(`${api.url}/api/activities?limit=200`, {
        headers: { Authorization: `Bearer ${login.accessToken}` },
      })
    ).json()) as ListPage<ActivitySummary>;
    const fit = listed.items.find((a) => a.localDate === '2026-10-18') as ActivitySummary;
    strava.activities.set(9_100_000_001, {
      id: 9_100_000_001,
      athleteId: STRAVA_ATHLETE,
      startMs: Date.parse(fit.startedAt),
      movingTimeS: fit.movingTimeS as number,
      distanceM: fit.distanceM as number,
      sportType: 'Run',
      manual: false,
    });
    strava.addActivities(STRAVA_ATHLETE, 3, { newestMs: Date.UTC(2026, 10, 12, 7, 0, 0) });

    await nav(athlete, 'Settings').click();
    await athlete.getByRole('button', { name: 'Connect Strava' }).click();
    await athlete.waitForURL(`${api.url}/settings/connections?connected=strava`);
    await athlete.getByText('Connected to Strava. Your history is being imported').waitFor();
    const item = athlete.getByRole('listitem', { name: 'Strava' });
    await expect(item.getByText('✓ Connected').waitFor()).resolves.toBeUndefined();
    // The page asks again while the backfill runs, until it settles.
    // Four runs listed and fetched; three are new activities, the fourth joined the FIT upload's activity.
    const settled =
      /Sync up to date · 4 activities from Strava, 1 merged with your uploads · whole history read \(4 activities\)/;
    let status = '';
    for (let i = 0; i < 120 && !settled.test(status); i++) {
      await athlete.waitForTimeout(500);
      status = (await item.textContent()) ?? '';
    }
    expect(status).toMatch(settled);
    await expect(item.textContent()).resolves.toMatch(/last sync \d+ \w+ 2026/);
    await shot(athlete, 'connections');

    await nav(athlete, 'Overview').click();
    const runs = athlete.getByRole('region', { name: 'Recent activities' });
    await runs.getByRole('row').first().waitFor();
    await expect(
      runs.getByRole('row').filter({ hasText: 'Thu, 12 Nov 2026' }).textContent(),
    ).resolves.toContain('Strava');
    const merged = runs.getByRole('row').filter({ hasText: 'Sun, 18 Oct 2026' });
    await expect(merged.textContent()).resolves.toContain('FIT file + Strava (merged)');
  });

  it('shows the coach the merged run without its Strava source, and no Strava-only run', async () => {
    await coach.reload();
    await coach
      .getByRole('row')
      .filter({ hasText: ATHLETE.name })
      .getByRole('link', { name: ATHLETE.name })
      .click();
    const runs = coach.getByRole('region', { name: 'Recent activities' });
    await runs.getByRole('row').first().waitFor();
    await expect(runs.textContent()).resolves.not.toContain('Strava');
    await expect(runs.textContent()).resolves.not.toContain('12 Nov 2026');
    const merged = runs.getByRole('row').filter({ hasText: 'Sun, 18 Oct 2026' });
    await merged.getByRole('button').click();
    await expect(runs.textContent()).resolves.not.toContain('Strava');
    await expect(runs.getByRole('button', { name: /^Separate/ }).count()).resolves.toBe(0);
  });

  it('lets the athlete see where a merged run came from and undo the merge after confirming', async () => {
    const runs = athlete.getByRole('region', { name: 'Recent activities' });
    await runs
      .getByRole('row')
      .filter({ hasText: 'Sun, 18 Oct 2026' })
      .getByRole('button', { name: /^FIT file \+ Strava \(merged\)/ })
      .click();
    const sources = runs.getByRole('list', { name: 'Sources of this activity' });
    await expect(sources.getByRole('listitem').nth(0).textContent()).resolves.toContain(
      'FIT file (main source)',
    );
    await expect(sources.getByRole('listitem').nth(1).textContent()).resolves.toContain('Strava');
    await expect(runs.getByText('Fields taken from:').isVisible()).resolves.toBe(true);
    await runs.getByRole('button', { name: /^Separate Strava/ }).click();
    const dialog = athlete.getByRole('alertdialog', { name: 'Separate the Strava copy of this run?' });
    await expect(dialog.textContent()).resolves.toContain('counts twice');
    await shot(athlete, 'provenance');
    await dialog.getByRole('button', { name: 'Yes, separate them' }).click();
    await athlete
      .getByText(/Separated: the Strava copy of Sun, 18 Oct 2026 is now an activity of its own/)
      .waitFor();
    const day = runs.getByRole('row').filter({ hasText: 'Sun, 18 Oct 2026' });
    await day.nth(1).waitFor();
    await expect(day.count()).resolves.toBe(2);
    await expect(day.nth(0).textContent()).resolves.not.toContain('merged');
    await expect(day.nth(1).textContent()).resolves.not.toContain('merged');
    // The run now counts twice: the page shows the recomputed week without a reload.
    await expect(
      weekRow(athlete, '12 Oct 2026')
        .filter({ hasText: '62.0 km' })
        .waitFor({ state: 'attached', timeout: 20_000 }),
    ).resolves.toBeUndefined();
    await athlete.getByText('Your weeks and findings are up to date.').waitFor({ timeout: 20_000 });
  });

  it('lets the athlete delete an activity after a confirmation, and shows the weeks without it', async () => {
    const runs = athlete.getByRole('region', { name: 'Recent activities' });
    const copy = runs.getByRole('row').filter({ hasText: 'Sun, 18 Oct 2026' }).filter({ hasText: 'Strava' });
    await expect(copy.count()).resolves.toBe(1);
    await copy.getByRole('button', { name: 'Delete the activity of Sun, 18 Oct 2026' }).click();
    const dialog = athlete.getByRole('alertdialog', { name: /^Delete the activity of Sun, 18 Oct 2026/ });
    await expect(dialog.textContent()).resolves.toContain(
      'Your weeks and findings are then recomputed without it.',
    );
    await expect(dialog.textContent()).resolves.toContain('Strava will not bring it back');
    await shot(athlete, 'delete-activity');
    await dialog.getByRole('button', { name: 'Yes, delete it' }).click();
    await athlete.getByText('Deleted the activity of Sun, 18 Oct 2026.').waitFor();
    const day = runs.getByRole('row').filter({ hasText: 'Sun, 18 Oct 2026' });
    await expect(day.count()).resolves.toBe(1);
    await expect(day.textContent()).resolves.toContain('FIT file');
    await expect(
      weekRow(athlete, '12 Oct 2026')
        .filter({ hasText: '42.0 km' })
        .waitFor({ state: 'attached', timeout: 20_000 }),
    ).resolves.toBeUndefined();
    await athlete.getByText('Your weeks and findings are up to date.').waitFor({ timeout: 20_000 });
    // The coach never had the button.
    await expect(coach.getByRole('button', { name: /^Delete the activity/ }).count()).resolves.toBe(0);
  });

  it('disconnects Strava after a confirmation', async () => {
    await nav(athlete, 'Settings').click();
    const item = athlete.getByRole('listitem', { name: 'Strava' });
    await item.getByRole('button', { name: 'Disconnect Strava' }).click();
    await item
      .getByRole('alertdialog', { name: 'Disconnect Strava?' })
      .getByRole('button', { name: 'Yes, disconnect' })
      .click();
    await expect(item.getByText('✕ Disconnected').waitFor()).resolves.toBeUndefined();
    await expect(item.getByRole('button', { name: 'Reconnect Strava' }).isVisible()).resolves.toBe(true);
    expect(strava.requests.some((r) => r.path === '/oauth/deauthorize')).toBe(true);
  });

  it('fits a phone-sized screen', async () => {
    await athlete.setViewportSize({ width: 390, height: 844 });
    await athlete.goto(`${api.url}/overview`);
    await athlete.locator('.weeks-chart canvas').first().waitFor();
    const overflow = await athlete.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(athlete, 'athlete-overview-phone');
    await nav(athlete, 'Symptoms').click();
    await athlete.getByLabel(/Numbness in the groin/).check();
    await shot(athlete, 'symptom-red-flag-phone');
  });

  it("downloads the athlete's data and deletes the account", async () => {
    await athlete.setViewportSize({ width: 1280, height: 900 });
    await nav(athlete, 'Settings').click();
    const download = athlete.waitForEvent('download');
    await athlete.getByRole('button', { name: 'Download my data' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('loadwatch-export.json');
    const path = join(work, 'export.json');
    await file.saveAs(path);
    const exported = readFileSync(path, 'utf8');
    expect(exported).toContain(ATHLETE.email);
    expect(exported).toContain('2026-10-18');

    const remove = athlete.getByRole('button', { name: 'Delete my account' });
    await expect(remove.isDisabled()).resolves.toBe(true);
    await athlete.getByLabel(/Type your email address/).fill(ATHLETE.email);
    await remove.click();
    await athlete.waitForURL(/\/signin/);
    const again = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ATHLETE.email, password: PASSWORD }),
    });
    expect(again.status).toBe(401);
  });

  it('raised no script error in either browser', () => {
    expect(errors).toEqual([]);
  });
});
