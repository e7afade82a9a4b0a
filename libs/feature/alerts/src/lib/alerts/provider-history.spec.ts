import { ALERT_RECENCY_DAYS, providerHistoryReason, type EvidenceSource } from './provider-history';

const TODAY = '2026-10-27';
const CONNECTED = Date.parse('2026-10-25T12:00:00Z');
const connected = new Map([
  ['strava', CONNECTED],
  ['garmin', CONNECTED],
]);
const source = (activityId: string, kind: string, localDate: string): EvidenceSource => ({
  activityId,
  source: kind,
  startMs: Date.parse(`${localDate}T07:00:00Z`),
  localDate,
});
const week = (activityIds: string[], date = '2026-10-12') => ({
  date,
  anchorDate: '2026-10-12',
  evidence: { activityIds },
});

describe('providerHistoryReason', () => {
  it('withholds an old warning whose runs all came from a provider history', () => {
    expect(
      providerHistoryReason(
        week(['a', 'b']),
        [
          source('a', 'strava', '2026-10-13'),
          source('b', 'garmin', '2026-10-18'),
          source('b', 'strava', '2026-10-18'),
        ],
        connected,
        TODAY,
      ),
    ).toBe(
      `the finding rests only on runs imported from a provider's history, the latest of 2026-10-18, ` +
        `more than ${ALERT_RECENCY_DAYS} days ago`,
    );
  });

  it.each([
    [
      'a run with a FIT upload among its sources',
      [source('a', 'strava', '2026-10-13'), source('a', 'fit', '2026-10-13')],
      connected,
    ],
    ['a provider run started after connecting', [source('a', 'garmin', '2026-10-26')], connected],
    [
      'a provider without a connection row',
      [source('a', 'garmin', '2026-10-13')],
      new Map([['strava', CONNECTED]]),
    ],
    ['an activity no longer stored', [], connected],
  ])('emails it when the evidence names %s', (_, sources, connections) => {
    expect(providerHistoryReason(week(['a']), sources, connections, TODAY)).toBeNull();
  });

  it('emails a history-only warning whose latest evidence is recent (pain logged now, a backfilled jump)', () => {
    const r10 = { date: '2026-10-26', anchorDate: '2026-10-26', evidence: { activityIds: ['a'] } };
    expect(providerHistoryReason(r10, [source('a', 'strava', '2026-10-10')], connected, TODAY)).toBeNull();
    // Exactly ALERT_RECENCY_DAYS before today still counts as recent.
    expect(
      providerHistoryReason(
        week(['a'], '2026-10-20'),
        [source('a', 'strava', '2026-10-20')],
        connected,
        TODAY,
      ),
    ).toBeNull();
    expect(
      providerHistoryReason(
        week(['a'], '2026-10-19'),
        [source('a', 'strava', '2026-10-19')],
        connected,
        TODAY,
      ),
    ).not.toBeNull();
  });

  it('never withholds a finding that names no activity (logs, the profile)', () => {
    expect(
      providerHistoryReason(
        { date: '2026-01-01', anchorDate: '2026-01-01', evidence: { activityIds: [] } },
        [],
        connected,
        TODAY,
      ),
    ).toBeNull();
    expect(
      providerHistoryReason(
        { date: '2026-01-01', anchorDate: '2026-01-01', evidence: null },
        [],
        connected,
        TODAY,
      ),
    ).toBeNull();
  });
});
