export * from './lib/data-source-options';
export * from './lib/db.module';
export * from './lib/entities';
export * from './lib/migrations/postgres';
export * from './lib/migrations/sqlite';
