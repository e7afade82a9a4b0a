import fc from 'fast-check';
import { bestMeanSpeed, bestMeanSpeedOnTimeline, bestMeanSpeeds, movingTimeline } from './best-mean-speed';
import { stream, streamOf } from '../../test/factories';

describe('best mean speed (spec/metrics.md section 5)', () => {
  it('is the speed of a steady run', () => {
    expect(bestMeanSpeeds(streamOf([{ pairs: 1000, dtS: 1, ddM: 3 }]), [180, 720])).toEqual([3, 3]);
  });

  it('finds the fastest window', () => {
    const s = streamOf([
      { pairs: 100, dtS: 1, ddM: 3 },
      { pairs: 300, dtS: 1, ddM: 5 },
      { pairs: 700, dtS: 1, ddM: 3 },
    ]);
    expect(bestMeanSpeed(s, 180)).toBe(5);
    expect(bestMeanSpeed(s, 720)).toBeCloseTo((300 * 5 + 420 * 3) / 720, 12);
  });

  it('interpolates a window edge that falls inside a pair', () => {
    const s = stream({ timeS: [0, 10, 20], distanceM: [0, 30, 80] });
    // Best 15 s: from 5 s (15 m, half of the first pair) to 20 s.
    expect(bestMeanSpeed(s, 15)).toBeCloseTo(65 / 15, 12);
    expect(bestMeanSpeed(s, 20)).toBe(4);
  });

  it('leaves pauses (gaps) out of the windows', () => {
    // 200 s at 5 m/s, a 60 s pause in which the GPS jumped 100 m, 200 s at 5 m/s.
    const s = streamOf([
      { pairs: 200, dtS: 1, ddM: 5 },
      { pairs: 1, dtS: 60, ddM: 100 },
      { pairs: 200, dtS: 1, ddM: 5 },
    ]);
    expect(bestMeanSpeed(s, 180)).toBe(5);
    expect(bestMeanSpeed(s, 400)).toBe(5);
    expect(bestMeanSpeed(s, 401)).toBeNull();
  });

  it('leaves noise pairs out of the windows', () => {
    const s = streamOf([
      { pairs: 100, dtS: 1, ddM: 3 },
      { pairs: 1, dtS: 1, ddM: 50 },
      { pairs: 100, dtS: 1, ddM: 3 },
    ]);
    expect(bestMeanSpeed(s, 180)).toBe(3);
  });

  it.each([
    [719, null],
    [720, 3],
  ])('needs the whole window of moving time (%d s of records)', (seconds, expected) => {
    expect(bestMeanSpeed(streamOf([{ pairs: seconds, dtS: 1, ddM: 3 }]), 720)).toBe(expected);
  });

  it('is null without a usable stream', () => {
    expect(bestMeanSpeed(null, 180)).toBeNull();
    expect(bestMeanSpeeds(stream({ timeS: [0, 1] }), [180, 720])).toEqual([null, null]);
  });

  it('equals a brute-force search over every window starting or ending on a record', () => {
    const pair = fc.record({
      dtS: fc.integer({ min: 1, max: 10 }),
      speed: fc.double({ min: 0, max: 11, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(pair, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 200 }),
        (pairs, windowS) => {
          const timeS = [0];
          const distanceM: number[] = [0];
          for (const { dtS, speed } of pairs) {
            timeS.push(timeS[timeS.length - 1] + dtS);
            distanceM.push(distanceM[distanceM.length - 1] + speed * dtS);
          }
          const timeline = movingTimeline(stream({ timeS, distanceM }));
          const expected = bruteForce(timeS, distanceM, windowS);
          const actual = bestMeanSpeedOnTimeline(timeline, windowS);
          if (expected === null) expect(actual).toBeNull();
          else expect(actual).toBeCloseTo(expected, 9);
        },
      ),
    );
  });
});

/** O(n^2) reference: every window starting or ending on a record, distance interpolated. */
function bruteForce(timeS: number[], distanceM: number[], windowS: number): number | null {
  const total = timeS[timeS.length - 1];
  if (total < windowS) return null;
  const at = (x: number): number => {
    for (let i = 1; i < timeS.length; i++) {
      if (x <= timeS[i]) {
        return (
          distanceM[i - 1] +
          ((distanceM[i] - distanceM[i - 1]) * (x - timeS[i - 1])) / (timeS[i] - timeS[i - 1])
        );
      }
    }
    return distanceM[distanceM.length - 1];
  };
  let best = -Infinity;
  for (const t of timeS) {
    if (t + windowS <= total) best = Math.max(best, at(t + windowS) - at(t));
    if (t - windowS >= 0) best = Math.max(best, at(t) - at(t - windowS));
  }
  return best / windowS;
}
