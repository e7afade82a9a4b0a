import { render, screen } from '@testing-library/react';
import type { WeekMetricsView } from '@loadwatch/shared/contracts';
import { WeekDetail } from './WeekPanels';

function week(over: Partial<WeekMetricsView>): WeekMetricsView {
  return {
    weekStart: '2026-11-16',
    weekEnd: '2026-11-22',
    complete: false,
    runs: 0,
    distanceM: 0,
    ramp: -1,
    ramp4: -1,
    longestM: null,
    speedShare: null,
    lowCoverage: false,
    ...over,
  } as WeekMetricsView;
}

function stat(label: string): string | null {
  return screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent ?? null;
}

describe('WeekDetail', () => {
  it('shows no ramp for a week that has only begun without a run', () => {
    render(<WeekDetail week={week({})} painLogs={[]} units="km" />);
    expect(screen.getByRole('heading')).toHaveTextContent('Week of Mon, 16 Nov 2026in progress');
    expect(stat('Ramp vs last week')).toBe('— (no runs yet)');
    expect(stat('Ramp vs 4-week base')).toBe('— (no runs yet)');
  });

  it('shows the ramp of a finished week without runs, and of a running week with runs', () => {
    const { unmount } = render(
      <WeekDetail week={week({ complete: true, weekStart: '2026-11-09' })} painLogs={[]} units="km" />,
    );
    expect(stat('Ramp vs last week')).toBe('-100.0 %');
    unmount();
    render(
      <WeekDetail
        week={week({ runs: 1, distanceM: 8000, ramp: 0.25, ramp4: 0.1 })}
        painLogs={[]}
        units="km"
      />,
    );
    expect(stat('Ramp vs last week')).toBe('+25.0 %');
    expect(stat('Ramp vs 4-week base')).toBe('+10.0 %');
  });
});
