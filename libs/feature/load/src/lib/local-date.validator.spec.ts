import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { WeeksQueryDto } from './weeks/weeks-query.dto';
import { isCalendarDate } from './local-date.validator';

describe('IsLocalDate', () => {
  it.each<[unknown, boolean]>([
    ['2026-10-05', true],
    ['2028-02-29', true],
    ['2026-02-30', false],
    ['2026-10-5', false],
    ['2026-10-05T00:00:00Z', false],
    ['', false],
    [20261005, false],
  ])('%p -> %p', (value, valid) => {
    expect(isCalendarDate(value)).toBe(valid);
    const errors = validateSync(plainToInstance(WeeksQueryDto, { from: value }));
    expect(errors.length === 0).toBe(valid);
    if (!valid)
      expect(errors[0].constraints).toEqual({ isLocalDate: 'from must be a date written YYYY-MM-DD' });
  });
});
