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
      this.setPending(to === null ? null : to, to === null ? null : '2026-11-21T10:00:00.000Z');
      if (to === null) this.me.emailPreferences.urgentAlertsTo = null;
    }
    return this.me as T;
  }

  async post<T>(path: string): Promise<T> {
    this.posts.push(path);
    this.setPending(this.me.emailPreferences.urgentAlertsToPending, '2026-11-21T12:00:00.000Z');
    return this.me as T;
  }

  private setPending(address: string | null, since: string | null) {
    this.me = {
      ...this.me,
      emailPreferences: {
        ...this.me.emailPreferences,
        urgentAlertsToPending: address,
        urgentAlertsToPendingSince: since,
      },
    };
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
      'Email preferences saved. We emailed a confirmation link to partner@example.com; until it is ' +
        'confirmed, urgent alerts still go to ada@example.com.',
    );
    expect(section).not.toHaveTextContent('Urgent alerts go to partner@example.com');
    const waiting = section.querySelector('#urgent-status') as HTMLElement;
    expect(waiting).toHaveTextContent(
      'Waiting for confirmation at partner@example.com — urgent alerts still go to ada@example.com.',
    );
    expect(waiting).toHaveTextContent(
      'We emailed it a link on 21 Nov 2026, 10:00; the link works for 7 days.',
    );
  });

  it('shows a pending address with the confirmed one, sends the link again, and does not ask again on save', async () => {
    const user = userEvent.setup();
    const { api, section } = await renderSettings({
      urgentAlertsTo: 'coach@example.com',
      urgentAlertsToPending: 'partner@example.com',
      urgentAlertsToPendingSince: '2026-11-20T08:30:00.000Z',
    });
    expect(within(section).getByLabelText(/Send urgent alerts to/)).toHaveValue('partner@example.com');
    expect(section.querySelector('#urgent-status')).toHaveTextContent(
      'Waiting for confirmation at partner@example.com — urgent alerts still go to coach@example.com.',
    );

    await user.click(within(section).getByRole('button', { name: 'Send the link again' }));
    expect(api.posts).toEqual(['/api/me/urgent-alerts-to/resend']);
    expect(await within(section).findByRole('status')).toHaveTextContent(
      'We emailed a confirmation link to partner@example.com; until it is confirmed, urgent alerts still ' +
        'go to coach@example.com.',
    );

    await user.click(within(section).getByLabelText('A weekly digest on Monday morning'));
    await user.click(within(section).getByRole('button', { name: 'Save email preferences' }));
    expect(api.patches).toEqual([{ emailPreferences: { warningAlerts: true, weeklyDigest: false } }]);
  });

  it('offers to send the link of an address saved before confirmations existed', async () => {
    const { section } = await renderSettings({ urgentAlertsToPending: 'old@example.com' });
    expect(section.querySelector('#urgent-status')).toHaveTextContent(
      'Waiting for confirmation at old@example.com — urgent alerts still go to ada@example.com. No ' +
        'confirmation email was sent to it yet.',
    );
    expect(within(section).getByRole('button', { name: 'Send the confirmation link' })).toBeInTheDocument();
  });
});
