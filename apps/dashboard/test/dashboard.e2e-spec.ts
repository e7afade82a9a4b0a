/**
 * @jest-environment node
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ActivitySummary, AuthTokensResponse, Page as ListPage } from '@loadwatch/shared/contracts';
import { GarminStandIn, StravaStandIn, workedExampleFitFiles } from '@loadwatch/testing';
import { ApiProcess } from './support/api-process';
import { longDate, mondayOf, shiftDate, shiftWeeks, shortDate } from './support/shifted-dates';

/**
 * The dashboard in Debian's headless Chromium against the built API on the embedded default: an athlete signs
 * up, uploads the worked example of spec/metrics.md section 9 as FIT files, sees the weeks and findings, logs a
 * red-flag symptom; a coach invites, sees the athlete without health data, then with it after the grant. The
 * athlete then saves email preferences, connects Strava (the stand-in of libs/testing on 127.0.0.1) through the
 * browser's OAuth round trip, sees the backfilled runs and one run merged with its FIT upload, which the coach
 * sees without anything from Strava; undoes the merge and sees the week count the run twice, deletes the Strava
 * copy and sees the week as before (both without a reload), disconnects, connects Garmin (its stand-in, OAuth
 * with PKCE), downloads the data and deletes the account.
 * The data and the dates were written in the week of 2026-11-16 and move with the calendar by whole weeks
 * (support/shifted-dates.ts), so they stand to "now" as they did then: weekdays, weeks and every metric stay.
 * Screenshots of the main screens go to tmp/artifacts/dashboard/.
 */
const ARTIFACTS = resolve(__dirname, '../../../tmp/artifacts/dashboard');
const FIT_FIXTURES = resolve(__dirname, '../../../libs/domain/fit/test/fixtures/ok');
const PASSWORD = 'correct horse battery';
const ATHLETE = { email: 'ada@example.com', name: 'Ada Runner' };
const COACH = { email: 'coach@example.com', name: 'Cas Coach' };
/** The athlete at the Strava stand-in. */
const STRAVA_ATHLETE = 1001;
/** The secret segment of the notification URL registered with Garmin. */
const GARMIN_NOTIFICATION_TOKEN = 'dashboard-e2e-garmin-notifications';
const SHIFT_DAYS = shiftWeeks() * 7;
/** A date of the suite (as written in the week of 2026-11-16) moved with the calendar. */
const day = (date: string) => shiftDate(date, SHIFT_DAYS);
const FIT_FILES = workedExampleFitFiles({ shiftDays: SHIFT_DAYS });

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
/** The link of the urgent-alert redirect confirmation emailed to `to`, read from the outbox's .eml files. */
async function confirmationLink(outbox: string, to: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const file of existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.eml')) : []) {
      const mail = await simpleParser(readFileSync(join(outbox, file)));
      const recipients = [mail.to ?? []].flat().flatMap((address) => address.value.map((v) => v.address));
      const link = mail.text?.match(/https?:\/\/\S+\/api\/email\/urgent-alerts-to\?token=\S+/)?.[0];
      if (recipients.includes(to) && link) return link;
    }
    if (Date.now() > deadline) throw new Error(`No confirmation email to ${to} in ${outbox}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** The bytes of the worked example's FIT file of one day. */
function fitFileOf(date: string): Uint8Array {
  const file = FIT_FILES.find((f) => f.date === date);
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
  let garmin: GarminStandIn;
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
    garmin = await new GarminStandIn().start();
    api = await ApiProcess.start(join(work, 'data'), {
      STRAVA_CLIENT_ID: strava.clientId,
      STRAVA_CLIENT_SECRET: strava.clientSecret,
      STRAVA_API_URL: strava.apiUrl,
      STRAVA_OAUTH_URL: strava.oauthUrl,
      GARMIN_CLIENT_ID: garmin.clientId,
      GARMIN_CLIENT_SECRET: garmin.clientSecret,
      GARMIN_AUTHORIZE_URL: garmin.authorizeUrl,
      GARMIN_TOKEN_URL: garmin.tokenUrl,
      GARMIN_API_URL: garmin.apiUrl,
      GARMIN_NOTIFICATION_TOKEN,
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
    await garmin?.stop();
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
    const files = FIT_FILES.map(({ name, bytes }) => {
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
      [`${day('2026-10-18')}.fit`, [...fitFileOf(day('2026-10-18'))]] as const,
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
    const weekBefore = mondayOf(Date.now());
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
    await expect(
      table
        .getByRole('row')
        .filter({ hasText: longDate(day('2026-10-12')) })
        .textContent(),
    ).resolves.toMatch(/42\.0 km.*3.*\+31\.3 %/);
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
    // The current week reads as such, not as 0 km and a ramp: on any weekday it has no run, as the last one was
    // on the Saturday three weeks before. It starts on this Monday (the one before or after the page was
    // shown, should a week have begun in between).
    const summary = athlete.getByRole('region', { name: 'This week' });
    const text = (await summary.textContent()) ?? '';
    const since = /^This weekNo runs yetthis week, since (.+?)Last week/.exec(text)?.[1];
    expect([weekBefore, mondayOf(Date.now())].map(longDate)).toContain(since);

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

    await athlete.getByLabel('Date').fill(day('2026-10-21'));
    await athlete.getByRole('button', { name: 'Save log' }).click();
    await athlete.getByText(`Saved your log of ${day('2026-10-21')}.`).waitFor();

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
    await expect(row.textContent()).resolves.toContain(longDate(day('2026-10-21')));
    await expect(row.textContent()).resolves.toContain('Urgent');
  });

  it('saves email preferences: urgent alerts can only be redirected, to an address that confirmed', async () => {
    await nav(athlete, 'Settings').click();
    const emails = athlete.getByRole('region', { name: 'Emails' });
    await expect(emails.getByText('Urgent alerts cannot be switched off.').isVisible()).resolves.toBe(true);
    await expect(emails.getByRole('checkbox', { name: /urgent/i }).count()).resolves.toBe(0);
    await emails.getByLabel('A weekly digest on Monday morning').uncheck();
    await emails.getByLabel(/Send urgent alerts to/).fill('partner@example.com');
    await emails.getByRole('button', { name: 'Save email preferences' }).click();
    await emails
      .getByText(
        'Email preferences saved. A confirmation link is being emailed to partner@example.com; until it ' +
          `is confirmed, urgent alerts still go to ${ATHLETE.email}.`,
      )
      .waitFor();
    await shot(athlete, 'settings-email');

    // The confirmation email lands in the embedded default's outbox: its link asks (GET), the button confirms.
    const link = await confirmationLink(join(work, 'data', 'outbox'), 'partner@example.com');
    await athlete.goto(link);
    await athlete.getByRole('button', { name: 'Confirm partner@example.com' }).click();
    await athlete.getByText(/go to partner@example\.com now/).waitFor();
    await shot(athlete, 'urgent-redirect-confirmed');
    await athlete.goto(`${api.url}/`);
    await nav(athlete, 'Settings').click();
    const saved = athlete.getByRole('region', { name: 'Emails' });
    await expect(saved.getByText(/Waiting for confirmation/).count()).resolves.toBe(0);
    await expect(saved.getByLabel('A weekly digest on Monday morning').isChecked()).resolves.toBe(false);
    await expect(
      saved.getByLabel('Warnings, as they happen (at most one load warning a day)').isChecked(),
    ).resolves.toBe(true);
    await expect(saved.getByLabel(/Send urgent alerts to/).inputValue()).resolves.toBe('partner@example.com');
  });

  it('connects Strava through the OAuth round trip and shows the backfill, its sync status and a merged run', async () => {
    // The same 20 km run as the FIT upload of 2026-10-18 (same start, same moving time), three Strava-only
    // runs from Tuesday to Thursday of last week, and the stand-in's consent page, which consents at once.
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
    const fit = listed.items.find((a) => a.localDate === day('2026-10-18')) as ActivitySummary;
    strava.activities.set(9_100_000_001, {
      id: 9_100_000_001,
      athleteId: STRAVA_ATHLETE,
      startMs: Date.parse(fit.startedAt),
      movingTimeS: fit.movingTimeS as number,
      distanceM: fit.distanceM as number,
      sportType: 'Run',
      manual: false,
    });
    strava.addActivities(STRAVA_ATHLETE, 3, { newestMs: Date.parse(`${day('2026-11-12')}T07:00:00Z`) });

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
    // Now, in the athlete's zone: `21 Nov 2026, 13:05`.
    await expect(item.textContent()).resolves.toMatch(/last sync \d{1,2} \w+ \d{4}, \d{2}:\d{2}/);
    await shot(athlete, 'connections');

    await nav(athlete, 'Overview').click();
    const runs = athlete.getByRole('region', { name: 'Recent activities' });
    await runs.getByRole('row').first().waitFor();
    await expect(
      runs
        .getByRole('row')
        .filter({ hasText: longDate(day('2026-11-12')) })
        .textContent(),
    ).resolves.toContain('Strava');
    const merged = runs.getByRole('row').filter({ hasText: longDate(day('2026-10-18')) });
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
    await expect(runs.textContent()).resolves.not.toContain(shortDate(day('2026-11-12')));
    const merged = runs.getByRole('row').filter({ hasText: longDate(day('2026-10-18')) });
    await merged.getByRole('button').click();
    await expect(runs.textContent()).resolves.not.toContain('Strava');
    await expect(runs.getByRole('button', { name: /^Separate/ }).count()).resolves.toBe(0);
  });

  it('lets the athlete see where a merged run came from and undo the merge after confirming', async () => {
    const runs = athlete.getByRole('region', { name: 'Recent activities' });
    await runs
      .getByRole('row')
      .filter({ hasText: longDate(day('2026-10-18')) })
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
      .getByText(
        `Separated: the Strava copy of ${longDate(day('2026-10-18'))} is now an activity of its own.`,
      )
      .waitFor();
    const sameDay = runs.getByRole('row').filter({ hasText: longDate(day('2026-10-18')) });
    await sameDay.nth(1).waitFor();
    await expect(sameDay.count()).resolves.toBe(2);
    await expect(sameDay.nth(0).textContent()).resolves.not.toContain('merged');
    await expect(sameDay.nth(1).textContent()).resolves.not.toContain('merged');
    // The run now counts twice: the page shows the recomputed week without a reload.
    await expect(
      weekRow(athlete, longDate(day('2026-10-12')))
        .filter({ hasText: '62.0 km' })
        .waitFor({ state: 'attached', timeout: 60_000 }),
    ).resolves.toBeUndefined();
    await athlete.getByText('Your weeks and findings are up to date.').waitFor({ timeout: 60_000 });
  });

  it('lets the athlete delete an activity after a confirmation, and shows the weeks without it', async () => {
    const runs = athlete.getByRole('region', { name: 'Recent activities' });
    const sunday = longDate(day('2026-10-18'));
    const copy = runs.getByRole('row').filter({ hasText: sunday }).filter({ hasText: 'Strava' });
    await expect(copy.count()).resolves.toBe(1);
    await copy.getByRole('button', { name: `Delete the activity of ${sunday}` }).click();
    const dialog = athlete.getByRole('alertdialog', { name: `Delete the activity of ${sunday}` });
    await expect(dialog.textContent()).resolves.toContain(
      'Your weeks and findings are then recomputed without it.',
    );
    await expect(dialog.textContent()).resolves.toContain('Strava will not bring it back');
    await shot(athlete, 'delete-activity');
    await dialog.getByRole('button', { name: 'Yes, delete it' }).click();
    await athlete.getByText(`Deleted the activity of ${sunday}.`).waitFor();
    const left = runs.getByRole('row').filter({ hasText: sunday });
    await expect(left.count()).resolves.toBe(1);
    await expect(left.textContent()).resolves.toContain('FIT file');
    await expect(
      weekRow(athlete, longDate(day('2026-10-12')))
        .filter({ hasText: '42.0 km' })
        .waitFor({ state: 'attached', timeout: 60_000 }),
    ).resolves.toBeUndefined();
    await athlete.getByText('Your weeks and findings are up to date.').waitFor({ timeout: 60_000 });
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

  it('connects Garmin through its consent page and shows the connection with its sync status', async () => {
    // The stand-in's consent page consents at once, sharing activities; the API asks for 90 days of history
    // in 30-day requests, which Garmin would answer later with notifications.
    await nav(athlete, 'Settings').click();
    await athlete.getByRole('button', { name: 'Connect Garmin Connect' }).click();
    await athlete.waitForURL(`${api.url}/settings/connections?connected=garmin`);
    await athlete.getByText('Connected to Garmin Connect. Your history is being imported').waitFor();
    const item = athlete.getByRole('listitem', { name: 'Garmin Connect' });
    await expect(item.getByText('✓ Connected').waitFor()).resolves.toBeUndefined();
    await expect(item.textContent()).resolves.toContain('permissions: ACTIVITY_EXPORT, HEALTH_EXPORT');
    await expect(item.getByRole('button', { name: 'Disconnect Garmin Connect' }).isVisible()).resolves.toBe(
      true,
    );
    // Strava stays disconnected beside it.
    await expect(
      athlete.getByRole('listitem', { name: 'Strava' }).getByText('✕ Disconnected').isVisible(),
    ).resolves.toBe(true);

    // The history: 90 days before the connect, asked in three adjoining 30-day requests.
    const userId = garmin.consentAs.userId;
    const asked = () =>
      garmin.backfills.filter((b) => b.userId === userId).sort((a, b) => a.startS - b.startS);
    for (let i = 0; i < 120 && asked().length < 3; i++) await athlete.waitForTimeout(250);
    const windows = asked();
    expect(windows.map((b) => b.endS - b.startS)).toEqual([30 * 86_400, 30 * 86_400, 30 * 86_400]);
    expect(windows[1].startS).toBe(windows[0].endS);
    expect(windows[2].startS).toBe(windows[1].endS);
    await athlete.reload();
    // Nothing from Garmin yet (it sends the history later), the sync settled, and when it last ran. The count
    // comes with the activities, loaded after the connection: wait for the whole line, then check it.
    const settled =
      /^Sync up to date · 0 activities from Garmin Connect · history requested \(Garmin Connect sends it over time\) · last sync \d{1,2} \w+ \d{4}, \d{2}:\d{2}$/;
    const status = athlete.getByRole('listitem', { name: 'Garmin Connect' }).locator('.sync-status');
    await status.filter({ hasText: settled }).waitFor();
    await expect(status.textContent()).resolves.toMatch(settled);
    await shot(athlete, 'connections-garmin');
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
    expect(exported).toContain(day('2026-10-18'));

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
    // The Garmin connection ended with the account: Garmin was told to stop sending.
    expect(garmin.deregistered).toContain(garmin.consentAs.userId);
  });

  it('raised no script error in either browser', () => {
    expect(errors).toEqual([]);
  });
});
