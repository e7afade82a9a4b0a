import { ValidateBy, type ValidationOptions } from 'class-validator';
import { dayNumber } from '@loadwatch/domain/training-load';

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** class-validator: a local calendar date written `YYYY-MM-DD` (`2026-02-30` is refused). */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a date written YYYY-MM-DD`,
      },
    },
    options,
  );
}
