import type { MigrationInterface } from 'typeorm';
import { Initial1795258440886 } from './1795258440886-initial';

/** SQLite migrations in order; generate new ones with `nx run data-access-db:migration-generate`. */
export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [Initial1795258440886];
