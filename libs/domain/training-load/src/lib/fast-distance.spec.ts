import type { RecordStream } from '@loadwatch/domain/activity';
import { fastDistance, fastDistanceFromLaps, fastDistanceFromStream } from './fast-distance';
import { cleanPairs, hasUsableStream } from './record-pairs';
import { lap, stream, streamOf } from '../../test/factories';

const vT = 4;
const slow = (seconds: number) => ({ pairs: seconds / 2, dtS: 2, ddM: 6 });
const fast = (seconds: number) => ({ pairs: seconds / 2, dtS: 2, ddM: 10 });

/** Records at explicit times and distances. */
const records = (
  timeS: number[],
  distanceM: (number | null)[],
  speedMps: (number | null)[] = [],
): RecordStream => stream({ timeS, distanceM, speedMps });

describe('fast distance from a record stream (spec/metrics.md section 5)', () => {
  it.each([
    // A stretch counts from 10 s of summed time deltas on.
    ['9.9 s', [0, 10, 15, 19.9, 30], 0],
    ['10 s', [0, 10, 15, 20, 30], 50],
    ['10.1 s', [0, 10, 15, 20.1, 30], 50.5],
    ['9.9 s in 3.3 s steps', [0, 10, 13.3, 16.6, 19.9, 30], 0],
  ])('a fast stretch of %s', (_, timeS, expected) => {
    // 1 m/s before and after, 5 m/s (over vT) inside.
    const distanceM = [0, 10];
    for (let i = 2; i < timeS.length - 1; i++)
      distanceM.push(distanceM[i - 1] + 5 * (timeS[i] - timeS[i - 1]));
    distanceM.push(distanceM[distanceM.length - 1] + 1 * (timeS[timeS.length - 1] - timeS[timeS.length - 2]));
    const s = records(timeS, distanceM);
    expect(fastDistanceFromStream(s, vT)).toBeCloseTo(expected, 9);
  });

  it('counts a pair at exactly the threshold speed as fast', () => {
    expect(fastDistanceFromStream(streamOf([{ pairs: 5, dtS: 2, ddM: 8 }]), vT)).toBe(40);
  });

  it('adds the stretches and leaves out slow running', () => {
    expect(fastDistanceFromStream(streamOf([slow(20), fast(12), slow(20), fast(30), slow(4)]), vT)).toBe(
      60 + 150,
    );
  });

  it.each([
    // [description, stream, expected]
    [
      'a gap of more than 10 s ends a stretch and is skipped',
      streamOf([fast(6), { pairs: 1, dtS: 11, ddM: 55 }, fast(6)]),
      0,
    ],
    [
      'a pair exactly 10 s apart is not a gap',
      streamOf([fast(6), { pairs: 1, dtS: 10, ddM: 50 }, fast(6)]),
      110,
    ],
    [
      'a gap between two long stretches leaves both counted',
      streamOf([fast(20), { pairs: 1, dtS: 60, ddM: 300 }, fast(20)]),
      200,
    ],
    [
      'a noise pair over 12 m/s ends a stretch',
      streamOf([fast(6), { pairs: 1, dtS: 2, ddM: 25 }, fast(6)]),
      0,
    ],
    [
      'a pair at exactly 12 m/s is not noise',
      streamOf([fast(6), { pairs: 1, dtS: 2, ddM: 24 }, fast(6)]),
      84,
    ],
    [
      'noise inside long stretches is left out',
      streamOf([fast(20), { pairs: 1, dtS: 1, ddM: 500 }, fast(20)]),
      200,
    ],
  ])('%s', (_, s, expected) => {
    expect(fastDistanceFromStream(s, vT)).toBe(expected);
  });

  it('uses the later record speed where records carry no distance', () => {
    const timeS = [0, 2, 4, 6, 8, 10, 12, 14];
    const speedMps = [0, 5, 5, 5, 5, 5, 5, 3];
    expect(fastDistanceFromStream(records(timeS, [], speedMps), vT)).toBe(60);
    // Distance on both records wins over the speed field.
    const distanceM = [0, 10, 20, null, 40, 50, 60, 66];
    expect(fastDistanceFromStream(records(timeS, distanceM, speedMps), vT)).toBe(10 + 10 + 10 + 10 + 10 + 10);
  });

  it('ends a stretch at a pair with neither distance nor speed', () => {
    const timeS = [0, 2, 4, 6, 8, 10, 12, 14];
    expect(fastDistanceFromStream(records(timeS, [0, 10, 20, 30, null, 50, 60, 70], []), vT)).toBe(0);
  });

  it('drops duplicate records without ending a stretch', () => {
    expect(fastDistanceFromStream(records([0, 2, 4, 6, 6, 8, 10], [0, 10, 20, 30, 30, 40, 50]), vT)).toBe(50);
  });

  it('treats a negative distance delta as unusable', () => {
    expect(cleanPairs(records([0, 2, 4], [0, 10, 5])).count).toBe(1);
  });
});

describe('fast distance from laps (spec/metrics.md section 5)', () => {
  it('counts a lap at or above vT whole', () => {
    const laps = [lap(1000, 300), lap(1000, 250), lap(1000, 200), lap(400, 90)];
    expect(fastDistanceFromLaps(laps, vT)).toBe(1000 + 1000 + 400);
  });

  it('prefers the average speed of a lap', () => {
    expect(fastDistanceFromLaps([lap(1000, 300, 4.5)], vT)).toBe(1000);
  });

  it('is null when no lap has a speed', () => {
    expect(
      fastDistanceFromLaps([{ ...lap(0, 0), distanceM: null, timerTimeS: null, elapsedTimeS: null }], vT),
    ).toBe(null);
  });
});

describe('fast distance of a run (spec/metrics.md section 5)', () => {
  const withStream = streamOf([fast(20)]);
  const heartRateOnly = stream({ timeS: [0, 1, 2], heartRateBpm: [120, 121, 122] });

  it.each([
    ['stream', { stream: withStream, laps: [lap(100, 10)] }, vT, 100],
    ['laps without a stream', { stream: null, laps: [lap(100, 20), lap(100, 50)] }, vT, 100],
    ['laps with a heart-rate-only stream', { stream: heartRateOnly, laps: [lap(100, 20)] }, vT, 100],
    ['neither (a manual entry)', { stream: null, laps: [] }, vT, null],
    ['a single record and no laps', { stream: stream({ timeS: [0], distanceM: [0] }), laps: [] }, vT, null],
    ['vT unknown', { stream: withStream, laps: [] }, null, null],
  ])('from %s', (_, run, threshold, expected) => {
    expect(fastDistance(run, threshold)).toBe(expected);
  });

  it('knows a usable stream', () => {
    expect(hasUsableStream(null)).toBe(false);
    expect(hasUsableStream(heartRateOnly)).toBe(false);
    expect(hasUsableStream(withStream)).toBe(true);
  });
});
