import type { ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Column types that mean the same on PostgreSQL and SQLite, so one set of entities serves both drivers
 * (style.md, Data). Instants are epoch milliseconds in a bigint (UTC, no driver time-zone conversion);
 * local calendar dates are `YYYY-MM-DD` strings; structured values are JSON text.
 */

/** PostgreSQL returns bigint as a string; instants fit a JS number exactly. */
const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

export const instantMs = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'bigint',
  transformer: bigintNumber,
  ...options,
});

export const localDate = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'varchar',
  length: 10,
  ...options,
});

export const localDateKey = () => ({ type: 'varchar' as const, length: 10 });

/** A UUID (generated in code, so both drivers store the same text). */
export const uuidKey = () => ({ type: 'varchar' as const, length: 36 });

export const real = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'double precision',
  ...options,
});

export const json = (options: ColumnOptions = {}): ColumnOptions => ({ type: 'simple-json', ...options });
