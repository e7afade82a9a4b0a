import { BadRequestException } from '@nestjs/common';
import { parseRiskProfileBody, parseSymptomLogBody, toRiskProfileVersions } from './health-input';

function messages(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    const message = ((error as BadRequestException).getResponse() as { message: string | string[] }).message;
    return Array.isArray(message) ? message : [message];
  }
  throw new Error('expected a 400');
}

const LOG = { date: '2026-10-21', region: 'low_back', severity: 5 };

describe('parseSymptomLogBody', () => {
  it('takes the snake_case vocabulary and fills what was left out', () => {
    expect(parseSymptomLogBody({ ...LOG, can_walk_normally: true, aggravators: ['sitting'] })).toEqual({
      date: '2026-10-21',
      region: 'low_back',
      side: null,
      severity: 5,
      when: null,
      aggravators: ['sitting'],
      neurological: [],
      systemic: [],
      canWalkNormally: true,
      notes: null,
    });
  });

  it('names the bad fields apart, as the validation pipe does', () => {
    const error = (() => {
      try {
        parseSymptomLogBody({ ...LOG, severity: 11, region: 'neck' });
      } catch (e) {
        return e as BadRequestException;
      }
    })();
    expect(error?.getResponse()).toMatchObject({ statusCode: 400, fields: ['region', 'severity'] });
  });

  it('ignores an id in the body: the server assigns ids', () => {
    expect(parseSymptomLogBody({ ...LOG, id: 'mine' })).toMatchObject(LOG);
  });

  it.each<[string, unknown, RegExp]>([
    ['a severity of 11', { ...LOG, severity: 11 }, /^severity: must be <= 10/],
    ['a fractional severity', { ...LOG, severity: 2.5 }, /^severity: must be a whole number/],
    [
      'an unknown region',
      { ...LOG, region: 'neck' },
      /^region: must be one of low_back, sacrum_buttock, hip, leg/,
    ],
    ['a camelCase field', { ...LOG, canWalkNormally: true }, /^canWalkNormally: is not a known field/],
    ['a missing date', { region: 'hip', severity: 1 }, /^date: is required/],
    ['an impossible date', { ...LOG, date: '2026-02-30' }, /^date: must be a date written YYYY-MM-DD/],
    ['an unknown flag', { ...LOG, neurological: ['dizzy'] }, /^neurological\[0\]: must be one of/],
    ['a list for a body', [LOG], /^The body must be a JSON object/],
  ])('answers 400 naming the field for %s', (_name, body, message) => {
    expect(messages(() => parseSymptomLogBody(body))).toEqual([expect.stringMatching(message)]);
  });
});

describe('parseRiskProfileBody', () => {
  it('keeps the answers as sent and dates the version today when no date is given', () => {
    expect(
      parseRiskProfileBody(
        { vitamin_d: { value: 18, unit: 'ng/mL' }, sex: 'prefer_not_to_say' },
        '2026-09-28',
      ),
    ).toEqual({
      date: '2026-09-28',
      answers: { vitamin_d: { value: 18, unit: 'ng/mL' }, sex: 'prefer_not_to_say' },
    });
    expect(parseRiskProfileBody({ date: '2026-01-01' }, '2026-09-28').date).toBe('2026-01-01');
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown unit', { vitamin_d: { value: 18, unit: 'mg' } }, /^vitamin_d\.unit: must be one of/],
    ['an unknown item', { shoe_size: 44 }, /^shoe_size: is not a known field/],
    [
      'more sites than injuries',
      { prior_bsi: { count: 1, sites: ['tibia', 'sacrum'] } },
      /^prior_bsi\.count/,
    ],
  ])('answers 400 naming the item for %s', (_name, body, message) => {
    expect(messages(() => parseRiskProfileBody(body, '2026-09-28'))).toContainEqual(
      expect.stringMatching(message),
    );
  });
});

describe('toRiskProfileVersions', () => {
  it('reads stored versions back in the rules camelCase, oldest first', () => {
    expect(
      toRiskProfileVersions([
        { effectiveDate: '2026-10-10', answers: { bmd_z: -1.5 } },
        { effectiveDate: '2026-09-28', answers: { vitamin_d: { value: 18, unit: 'ng/mL' } } },
      ]),
    ).toEqual([
      { date: '2026-09-28', vitaminD: { value: 18, unit: 'ng/mL', date: null } },
      { date: '2026-10-10', bmdZ: -1.5 },
    ]);
  });
});
