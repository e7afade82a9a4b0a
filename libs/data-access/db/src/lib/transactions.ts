import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

/** True when a write failed on a unique constraint (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const sqliteTransactions = new WeakMap<DataSource, Promise<unknown>>();

/**
 * `manager.transaction`, one at a time on SQLite. TypeORM gives better-sqlite3 a single connection, so two
 * transactions started concurrently (two requests, or a request and an in-process job) would collide on BEGIN
 * or interleave. Never call it inside another transaction of the same database: that would wait forever.
 */
export function runTransaction<T>(
  manager: EntityManager,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const dataSource = manager.connection;
  if (dataSource.options.type !== 'better-sqlite3') return manager.transaction(work);
  const previous = sqliteTransactions.get(dataSource) ?? Promise.resolve();
  const run = previous.then(() => manager.transaction(work));
  sqliteTransactions.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}
