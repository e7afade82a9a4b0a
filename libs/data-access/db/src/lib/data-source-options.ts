import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@loadwatch/shared/config';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/**
 * TypeORM options for either driver: the same entities, each driver's own generated migrations (imported,
 * not globbed, so bundled apps carry them), and never `synchronize`.
 */
export function dataSourceOptions(db: AppConfig['db']): DataSourceOptions {
  if (db.type === 'postgres') {
    return {
      type: 'postgres',
      url: db.url,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
      synchronize: false,
      migrationsRun: false,
      // Transactions around each migration, so a failed one leaves nothing half-applied.
      migrationsTransactionMode: 'each',
    };
  }
  if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: db.path,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // WAL lets readers (the API) proceed while the in-process worker writes.
    enableWAL: true,
  };
}
