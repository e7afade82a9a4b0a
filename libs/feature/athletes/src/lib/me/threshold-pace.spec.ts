import { formatThresholdPace, parseThresholdPace, THRESHOLD_PACE_PATTERN } from './threshold-pace';

describe('threshold pace', () => {
  it.each([
    ['4:05', 245],
    ['3:00', 180],
    ['12:59', 779],
  ])('reads %s as %i s/km and writes it back', (text, seconds) => {
    expect(THRESHOLD_PACE_PATTERN.test(text)).toBe(true);
    expect(parseThresholdPace(text)).toBe(seconds);
    expect(formatThresholdPace(seconds)).toBe(text);
  });

  it.each(['4:5', '4:60', '0:59', '20:00', '4.05', '04:05', '4:05/km', ''])('refuses %p', (text) => {
    expect(THRESHOLD_PACE_PATTERN.test(text)).toBe(false);
  });

  it('rounds a stored pace to the second', () => {
    expect(formatThresholdPace(244.6)).toBe('4:05');
    expect(formatThresholdPace(59.5)).toBe('1:00');
  });
});
