import { symptomLog } from '../../test/rules-input.factory';
import { findBackPainEpisodes } from './back-pain-episodes';

describe('findBackPainEpisodes (spec/rules.md section 2)', () => {
  it('joins back-pain logs at most 14 days apart and merges logs of one date', () => {
    const logs = [
      symptomLog({ date: '2026-10-20', severity: 3 }),
      symptomLog({ date: '2026-10-01', severity: 2 }),
      symptomLog({ date: '2026-10-01', region: 'sacrum_buttock', severity: 4 }),
      symptomLog({ date: '2026-10-15', severity: 1 }),
      symptomLog({ date: '2026-11-03', severity: 2 }),
      symptomLog({ date: '2026-11-20', severity: 2 }),
      symptomLog({ date: '2026-10-10', region: 'hip', severity: 9 }),
      symptomLog({ date: '2026-10-12', severity: 0 }),
    ];
    expect(
      findBackPainEpisodes(logs).map((e) => ({
        first: e.firstLog.id,
        span: [e.firstDate, e.lastDate, e.spanDays],
        days: e.days.map((d) => [d.date, d.severity]),
      })),
    ).toEqual([
      {
        first: '2026-10-01-low_back',
        span: ['2026-10-01', '2026-11-03', 33],
        days: [
          ['2026-10-01', 4],
          ['2026-10-15', 1],
          ['2026-10-20', 3],
          ['2026-11-03', 2],
        ],
      },
      { first: '2026-11-20-low_back', span: ['2026-11-20', '2026-11-20', 0], days: [['2026-11-20', 2]] },
    ]);
  });
});
