import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EmailPreferences, MeResponse, SettingsPatch } from '@loadwatch/shared/contracts';
import type { ApiClient } from '../api/client';
import { SessionProvider, useSession } from '../api/session';
import { EmailSettings } from './SettingsPage';

const ME: MeResponse = {
  id: 'u1',
  email: 'ada@example.com',
  role: 'athlete',
  displayName: 'Ada',
  timeZone: 'UTC',
  weekStart: 'monday',
  units: 'km',
  thresholdPace: null,
  maxHeartRateBpm: null,
  returnToRun: null,
  emailPreferences: {
    warningAlerts: true,
    weeklyDigest: true,
    coachDigest: true,
    urgentAlertsTo: null,
    urgentAlertsToPending: null,
    urgentAlertsToPendingSince: null,
  },
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

/** An instant of the last hour: the links the tests ask for are still good. */
const SINCE = new Date(Date.now() - 60_000).toISOString();
const DAY_MS = 24 * 3600 * 1000;

function plus7Days(iso: string): string {
  return new Date(Date.parse(iso) + 7 * DAY_MS).toISOString();
}

/** The API as the settings page sees it: /api/me, its PATCH and the resend, answering like the server. */
class FakeApi {
  me: MeResponse;
  readonly patches: SettingsPatch[] = [];
  readonly posts: string[] = [];
  onSignedOut = () => undefined;

  constructor(preferences: Partial<EmailPreferences>) {
    this.me = { ...ME, emailPreferences: { ...ME.emailPreferences, ...preferences } };
  }

  async refresh() {
    return { user: { id: ME.id, email: ME.email, role: ME.role, displayName: ME.displayName } };
  }

  async get<T>(path: string): Promise<T> {
    if (path !== '/api/me') throw new Error(`Unexpected GET ${path}`);
    return this.me as T;
  }

  async patch<T>(path: string, body: SettingsPatch): Promise<T> {
    this.patches.push(body);
    const to = body.emailPreferences?.urgentAlertsTo;
    if (to !== undefined) {
      this.setPending(to === null ? null : to, to === null ? null : SINCE);
      if (to === null) this.me.emailPreferences.urgentAlertsTo = null;
    }
    return this.me as T;
  }

  async post<T>(path: string): Promise<T> {
    this.posts.push(path);
    this.setPending(this.me.emailPreferences.urgentAlertsToPending, SINCE);
    return this.me as T;
  }

  /** As the API answers: asked for now, not emailed yet (the job sends it later). */
  private setPending(address: string | null, since: string | null) {
    const emailPreferences = {
      ...this.me.emailPreferences,
      urgentAlertsToPending: address,
      urgentAlertsToPendingSince: since,
      urgentAlertsToLinkSentAt: address && since ? null : undefined,
      urgentAlertsToLinkExpiresAt: address && since ? plus7Days(since) : undefined,
    };
    this.me = { ...this.me, emailPreferences };
  }
}

function Loaded() {
  const { me } = useSession();
  return me ? <EmailSettings me={me} /> : null;
}

async function renderSettings(preferences: Partial<EmailPreferences> = {}) {
  const api = new FakeApi(preferences);
  render(
    <SessionProvider api={api as unknown as ApiClient}>
      <Loaded />
    </SessionProvider>,
  );
  const section = await screen.findByRole('region', { name: 'Emails' });
  return { api, section };
}

describe('EmailSettings: urgent alerts to another address', () => {
  it('says where urgent alerts go while the new address waits, and never claims they go there', async () => {
    const user = userEvent.setup();
    const { api, section } = await renderSettings();
    expect(within(section).getByText('Urgent alerts go to ada@example.com.')).toBeInTheDocument();

    await user.type(within(section).getByLabelText(/Send urgent alerts to/), 'partner@example.com');
    await user.click(within(section).getByRole('button', { name: 'Save email preferences' }));

    expect(api.patches).toEqual([
      {
        emailPreferences: { warningAlerts: true, weeklyDigest: true, urgentAlertsTo: 'partner@example.com' },
      },
    ]);
    expect(await within(section).findByRole('status')).toHaveTextContent(
      'Email preferences saved. A confirmation link is being emailed to partner@example.com; until it is ' +
        'confirmed, urgent alerts still go to ada@example.com.',
    );
    expect(section).not.toHaveTextContent('Urgent alerts go to partner@example.com');
    const waiting = section.querySelector('#urgent-status') as HTMLElement;
    expect(waiting).toHaveTextContent(
      'Waiting for confirmation at partner@example.com — urgent alerts still go to ada@example.com.',
    );
    // Not emailed yet: the page does not say it was.
    expect(waiting).toHaveTextContent(
      'Its confirmation link has not been emailed yet; if it does not arrive, send it again.',
    );
    expect(waiting).not.toHaveTextContent('We emailed');
  });

  it('says when the link was emailed and until when it works, once it was', async () => {
    const { section } = await renderSettings({
      urgentAlertsToPending: 'partner@example.com',
      urgentAlertsToPendingSince: '2099-11-20T08:30:00.000Z',
      urgentAlertsToLinkSentAt: '2099-11-20T08:31:00.000Z',
      urgentAlertsToLinkExpiresAt: '2099-11-27T08:30:00.000Z',
    });
    expect(section.querySelector('#urgent-status')).toHaveTextContent(
      'We emailed it a link on 20 Nov 2099, 08:31; the link works until 27 Nov 2099, 08:30.',
    );
    expect(within(section).getByRole('button', { name: 'Send the link again' })).toBeInTheDocument();
  });

  it('says when the link has expired, and offers a new one', async () => {
    const user = userEvent.setup();
    const { api, section } = await renderSettings({
      urgentAlertsToPending: 'partner@example.com',
      urgentAlertsToPendingSince: '2020-11-01T08:30:00.000Z',
      urgentAlertsToLinkSentAt: '2020-11-01T08:31:00.000Z',
      urgentAlertsToLinkExpiresAt: '2020-11-08T08:30:00.000Z',
    });
    expect(section.querySelector('#urgent-status')).toHaveTextContent(
      'The link we emailed it on 1 Nov 2020, 08:31 expired on 8 Nov 2020, 08:30.',
    );
    expect(section).not.toHaveTextContent('works until');
    await user.click(within(section).getByRole('button', { name: 'Send a new link' }));
    expect(api.posts).toEqual(['/api/me/urgent-alerts-to/resend']);
    expect(await within(section).findByText(/has not been emailed yet/)).toBeInTheDocument();
  });

  it('shows a pending address with the confirmed one, sends the link again, and does not ask again on save', async () => {
    const user = userEvent.setup();
    const { api, section } = await renderSettings({
      urgentAlertsTo: 'coach@example.com',
      urgentAlertsToPending: 'partner@example.com',
      urgentAlertsToPendingSince: SINCE,
      urgentAlertsToLinkSentAt: SINCE,
      urgentAlertsToLinkExpiresAt: plus7Days(SINCE),
    });
    expect(within(section).getByLabelText(/Send urgent alerts to/)).toHaveValue('partner@example.com');
    expect(section.querySelector('#urgent-status')).toHaveTextContent(
      'Waiting for confirmation at partner@example.com — urgent alerts still go to coach@example.com.',
    );

    await user.click(within(section).getByRole('button', { name: 'Send the link again' }));
    expect(api.posts).toEqual(['/api/me/urgent-alerts-to/resend']);
    expect(await within(section).findByRole('status')).toHaveTextContent(
      'A confirmation link is being emailed to partner@example.com; until it is confirmed, urgent alerts ' +
        'still go to coach@example.com.',
    );

    await user.click(within(section).getByLabelText('A weekly digest on Monday morning'));
    await user.click(within(section).getByRole('button', { name: 'Save email preferences' }));
    expect(api.patches).toEqual([{ emailPreferences: { warningAlerts: true, weeklyDigest: false } }]);
  });

  it('says an address saved before confirmations existed still gets urgent alerts, never confirmed', async () => {
    const { section } = await renderSettings({
      urgentAlertsTo: 'old@example.com',
      urgentAlertsToUnconfirmed: true,
    });
    expect(within(section).getByLabelText(/Send urgent alerts to/)).toHaveValue('old@example.com');
    expect(section.querySelector('#urgent-status')).toHaveTextContent(
      'Urgent alerts go to old@example.com. That address was saved before addresses had to confirm, and ' +
        'it never confirmed; it keeps getting them until you change it.',
    );
    expect(within(section).queryByRole('button', { name: /Send/ })).toBeNull();
  });
});
