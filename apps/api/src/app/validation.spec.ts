import { validationMessages } from './validation';

describe('validationMessages', () => {
  it('names each bad field by its path, nested ones dotted', () => {
    expect(
      validationMessages([
        {
          property: 'timeZone',
          constraints: { isIanaTimeZone: 'timeZone must be an IANA time zone' },
          children: [],
        },
        { property: 'extra', constraints: { whitelistValidation: 'property extra should not exist' } },
        {
          property: 'returnToRun',
          children: [
            { property: 'startDate', constraints: { isLocalDate: 'startDate must be a calendar date' } },
            {
              property: 'weeklyDistanceKm',
              constraints: { min: 'each value in weeklyDistanceKm must not be less than 0' },
            },
          ],
        },
      ]),
    ).toEqual([
      { field: 'timeZone', message: 'timeZone must be an IANA time zone' },
      { field: 'extra', message: 'extra: property extra should not exist' },
      { field: 'returnToRun.startDate', message: 'returnToRun.startDate must be a calendar date' },
      {
        field: 'returnToRun.weeklyDistanceKm',
        message: 'returnToRun.weeklyDistanceKm: each value must not be less than 0',
      },
    ]);
  });
});
