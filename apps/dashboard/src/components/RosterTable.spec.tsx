import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import type { RosterAthlete } from '@loadwatch/shared/contracts';
import { RosterTable } from './RosterTable';

function athlete(over: Partial<RosterAthlete>): RosterAthlete {
  return {
    athleteId: 'id',
    linkId: 'link',
    displayName: null,
    email: 'x@example.com',
    healthAccess: false,
    weekStart: '2026-11-16',
    weekDistanceM: 20_000,
    weekRuns: 3,
    ramp: 0.1,
    speedShare: 0.05,
    highestOpenSeverity: null,
    openFindings: 0,
    lastBackPainDate: null,
    latestActivityStart: '2026-11-20T07:00:00.000Z',
    ...over,
  };
}

const ATHLETES = [
  athlete({
    athleteId: 'a',
    displayName: 'Ada',
    weekDistanceM: 30_000,
    highestOpenSeverity: 'caution',
    openFindings: 2,
  }),
  athlete({
    athleteId: 'b',
    displayName: 'Bo',
    weekDistanceM: 50_000,
    highestOpenSeverity: 'urgent',
    openFindings: 1,
    healthAccess: true,
    lastBackPainDate: '2026-11-18',
  }),
  athlete({
    athleteId: 'c',
    displayName: 'Cy',
    weekDistanceM: null,
    weekRuns: null,
    latestActivityStart: null,
  }),
];

function names(): string[] {
  return within(screen.getByRole('table'))
    .getAllByRole('rowheader')
    .map((h) => h.querySelector('a')?.textContent ?? '');
}

describe('RosterTable', () => {
  const renderTable = () =>
    render(
      <MemoryRouter>
        <RosterTable athletes={ATHLETES} units="km" now={new Date('2026-11-21T07:00:00Z')} />
      </MemoryRouter>,
    );

  it('puts the most serious open finding first, with its word, and hides health data without the grant', () => {
    renderTable();
    expect(names()).toEqual(['Bo', 'Ada', 'Cy']);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Urgent');
    expect(rows[0]).toHaveTextContent('Wed, 18 Nov 2026');
    expect(rows[1]).toHaveTextContent('not shared');
    expect(rows[2]).toHaveTextContent('No open finding');
    expect(rows[2]).toHaveTextContent('no data');
    expect(within(rows[0]).getByRole('link', { name: 'Bo' })).toHaveAttribute('href', '/coach/athletes/b');
  });

  it('sorts by a column, both ways, and tells screen readers how', async () => {
    const user = userEvent.setup();
    renderTable();
    const header = screen.getByRole('button', { name: /This week/ });
    await user.click(header);
    expect(names()).toEqual(['Bo', 'Ada', 'Cy']);
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'ascending');
    await user.click(header);
    expect(names()).toEqual(['Cy', 'Ada', 'Bo']);
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'descending');
  });

  it('filters by name and by status', async () => {
    const user = userEvent.setup();
    renderTable();
    await user.type(screen.getByRole('searchbox'), 'ad');
    expect(names()).toEqual(['Ada']);
    await user.clear(screen.getByRole('searchbox'));
    await user.selectOptions(screen.getByLabelText('Status'), 'none');
    expect(names()).toEqual(['Cy']);
    await user.selectOptions(screen.getByLabelText('Status'), 'warning');
    expect(screen.getByText('No athlete matches.')).toBeInTheDocument();
  });
});
