import { render, screen } from '@testing-library/react';
import type { WeekMetricsView } from '@loadwatch/shared/contracts';
import { weeksWindow } from '../format/weeks-window';
import { ThisWeekSummary } from './ThisWeekSummary';

function week(weekStart: string, over: Partial<WeekMetricsView> = {}): WeekMetricsView {
  return {
    weekStart,
    complete: true,
    runs: 3,
    distanceM: 42_000,
    ramp: 0.3125,
    longestM: 20_000,
    speedShare: 0.12,
    ...over,
  } as WeekMetricsView;
}

function card(label: string): HTMLElement {
  const labelElement = screen.getByText(label, { selector: '.summary-label' });
  return labelElement.parentElement as HTMLElement;
}

describe('ThisWeekSummary', () => {
  it("shows the current week's own numbers once it has a run", () => {
    render(
      <ThisWeekSummary
        weeks={[week('2026-11-09'), week('2026-11-16', { complete: false, runs: 1, distanceM: 8000 })]}
        units="km"
      />,
    );
    expect(screen.getByRole('region', { name: 'This week' })).toBeInTheDocument();
    expect(card('This week')).toHaveTextContent('8.0 km1 run');
    expect(card('Ramp')).toHaveTextContent('+31.3 %vs last week');
    expect(screen.queryByText('No runs yet')).toBeNull();
  });

  it("says a week without runs has none yet, with last week's numbers labelled as last week's", () => {
    // Today is Saturday 21 Nov 2026; the last stored week is that of 9 Nov: the window adds 16 Nov, empty.
    const { weeks } = weeksWindow([week('2026-11-02'), week('2026-11-09')], '2026-11-21');
    render(<ThisWeekSummary weeks={weeks} units="km" />);
    expect(card('This week')).toHaveTextContent('No runs yet');
    expect(card('This week')).toHaveTextContent('this week, since Mon, 16 Nov 2026');
    expect(card('Last week')).toHaveTextContent('42.0 km3 runs');
    expect(card("Last week's ramp")).toHaveTextContent('+31.3 %vs the week before');
    expect(card("Last week's speed share")).toHaveTextContent('12.0 %');
  });

  it("says when last week's ramp is unknown because the week before had no run", () => {
    const { weeks } = weeksWindow([week('2026-11-09', { ramp: null })], '2026-11-21');
    render(<ThisWeekSummary weeks={weeks} units="km" />);
    expect(card("Last week's ramp")).toHaveTextContent('—no run the week before');
    // No zero distance and no ramp shown as this week's.
    expect(screen.queryByText('0.0 km')).toBeNull();
    expect(screen.queryByText('Ramp', { selector: '.summary-label' })).toBeNull();
  });

  it('treats a stored current week without runs (a symptom log, say) the same way', () => {
    render(
      <ThisWeekSummary
        weeks={[
          week('2026-11-09', { runs: 0, distanceM: 0, ramp: -1 }),
          week('2026-11-16', { complete: false, runs: 0, distanceM: 0, ramp: null }),
        ]}
        units="mi"
      />,
    );
    expect(card('This week')).toHaveTextContent('No runs yet');
    expect(card('Last week')).toHaveTextContent('No runs');
    expect(screen.queryByText("Last week's ramp")).toBeNull();
    expect(screen.queryByText('-100.0 %')).toBeNull();
  });
});
