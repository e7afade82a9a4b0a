import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@loadwatch/data-access/db';
import { loadConfig } from '@loadwatch/shared/config';
import type { CommandIo } from '../analyze/analyze.command';

/**
 * `loadwatch migrate`: applies the pending migrations of the configured database (DB=sqlite|postgres with
 * SQLITE_PATH or DATABASE_URL), each in its own transaction. `--list` only shows what is pending.
 */
export async function runMigrateCommand(options: { list?: boolean }, io: CommandIo): Promise<number> {
  const config = loadConfig();
  const where = config.db.type === 'postgres' ? 'PostgreSQL' : `SQLite at ${config.db.path}`;
  const dataSource = new DataSource(dataSourceOptions(config.db));
  await dataSource.initialize();
  try {
    if (options.list) {
      const pending = await dataSource.showMigrations();
      io.stdout.write(pending ? `${where}: migrations are pending.\n` : `${where}: up to date.\n`);
      return 0;
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    io.stdout.write(
      applied.length === 0
        ? `${where}: up to date, nothing to apply.\n`
        : `${where}: applied ${applied.map((m) => m.name).join(', ')}.\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
