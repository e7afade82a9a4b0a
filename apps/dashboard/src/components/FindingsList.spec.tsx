import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActivitySummary, FindingView } from '@loadwatch/shared/contracts';
import { FindingsList } from './FindingsList';

function finding(over: Partial<FindingView>): FindingView {
  return {
    id: 'f1',
    rule: 'R01',
    severity: 'caution',
    anchor: { kind: 'run', id: 'a1', date: '2026-10-18' },
    date: '2026-10-18',
    relation: null,
    message: 'This run was 43 % longer than your longest run in the last 30 days.',
    evidence: { activityIds: ['a1'], logIds: [], spike: 1.4286, distanceM: 20_000, weekStart: '2026-10-12' },
    source: 'Frandsen 2025',
    status: 'open',
    retractedReason: null,
    acknowledgedAt: null,
    createdAt: '2026-10-18T08:00:00.000Z',
    updatedAt: '2026-10-18T08:00:00.000Z',
    ...over,
  };
}

const run = { id: 'a1', localDate: '2026-10-18', distanceM: 20_000, source: 'fit' } as ActivitySummary;

describe('FindingsList', () => {
  it('lists the most serious first, each with an icon and a word besides its colour', () => {
    render(
      <FindingsList
        units="km"
        findings={[
          finding({ id: 'c', severity: 'caution' }),
          finding({ id: 'w', severity: 'warning', rule: 'R10', message: 'Consider pausing running.' }),
          finding({ id: 'i', severity: 'info', rule: 'R04', message: 'Weekly distance is rising.' }),
        ]}
      />,
    );
    const items = within(screen.getByRole('list', { name: /most serious first/ })).getAllByRole('button');
    expect(items.map((b) => b.textContent)).toEqual([
      expect.stringMatching(/^▲ Warning.*Consider pausing running/),
      expect.stringMatching(/^● Caution.*longer than your longest run/),
      expect.stringMatching(/^ℹ Info.*Weekly distance is rising/),
    ]);
  });

  it('expands a finding to its runs, numbers and source with the keyboard', async () => {
    const user = userEvent.setup();
    render(<FindingsList units="mi" findings={[finding({})]} activities={[run]} />);
    const head = screen.getByRole('button', { expanded: false });
    head.focus();
    await user.keyboard('{Enter}');

    expect(head).toHaveAttribute('aria-expanded', 'true');
    const panel = document.getElementById(head.getAttribute('aria-controls') as string) as HTMLElement;
    expect(panel).toHaveTextContent('Sun, 18 Oct 2026: 12.4 mi (FIT file)');
    const numbers = within(panel)
      .getAllByRole('term')
      .map((term) => [term.textContent, term.nextElementSibling?.textContent]);
    expect(numbers).toEqual([
      ['This run against your longest of the 30 days before', '143 %'],
      ['Run distance', '12.4 mi'],
      ['Week of', 'Mon, 12 Oct 2026'],
    ]);
    expect(panel).toHaveTextContent('Source: Frandsen 2025');
  });

  it('says so when there is nothing to show', () => {
    render(<FindingsList units="km" findings={[]} />);
    expect(screen.getByText(/No open findings/)).toBeInTheDocument();
  });
});
