// The data source the TypeORM CLI uses to generate and check migrations (`nx run data-access-db:migration-*`).
// DB=postgres uses DATABASE_URL; DB=sqlite a scratch database that the migrations are replayed into first.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const db =
  process.env['DB'] === 'postgres'
    ? {
        type: 'postgres' as const,
        url: process.env['DATABASE_URL'] ?? 'postgres://127.0.0.1:5432/test',
        runMigrations: false,
      }
    : {
        type: 'sqlite' as const,
        path: process.env['SQLITE_PATH'] ?? 'tmp/migrations-check.sqlite',
        runMigrations: false,
      };

export default new DataSource(dataSourceOptions(db));
