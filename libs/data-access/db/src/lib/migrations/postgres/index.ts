import type { MigrationInterface } from 'typeorm';
import { Initial1795258443525 } from './1795258443525-initial';

/** PostgreSQL migrations in order; generate new ones with `nx run data-access-db:migration-generate`. */
export const POSTGRES_MIGRATIONS: (new () => MigrationInterface)[] = [Initial1795258443525];
