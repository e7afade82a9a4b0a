// Migrations for both drivers through the TypeORM CLI.
//   node libs/data-access/db/scripts/migrations.mjs check           -> fails when an entity change has no migration
//   node libs/data-access/db/scripts/migrations.mjs generate <name> -> writes the migration for each driver
// PostgreSQL: a scratch database on PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres).
// SQLite: a scratch file. Each scratch database first gets every existing migration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../../../..');
const lib = 'libs/data-access/db';
const dataSource = `${lib}/src/lib/migration-cli.data-source.ts`;
const [command, name] = process.argv.slice(2);
if (!['check', 'generate'].includes(command) || (command === 'generate' && !name)) {
  console.error('usage: migrations.mjs check | generate <name>');
  process.exit(2);
}

const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratch = `loadwatch_migrations_${process.pid}`;
const psql = (sql) =>
  execFileSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'inherit' });

function typeorm(args, env) {
  execFileSync(join(root, 'node_modules/.bin/typeorm-ts-node-commonjs'), [...args, '-d', dataSource], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env, TS_NODE_PROJECT: `${lib}/tsconfig.json`, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
}

const dir = mkdtempSync(join(tmpdir(), 'loadwatch-migrations-'));
const drivers = {
  sqlite: { DB: 'sqlite', SQLITE_PATH: join(dir, 'scratch.sqlite') },
  postgres: { DB: 'postgres', DATABASE_URL: adminUrl.replace(/\/[^/]*$/, `/${scratch}`) },
};
let failed = false;
psql(`CREATE DATABASE ${scratch}`);
try {
  for (const [driver, env] of Object.entries(drivers)) {
    typeorm(['migration:run'], env);
    try {
      if (command === 'check')
        typeorm(['migration:generate', '--check', `${lib}/src/lib/migrations/${driver}/pending`], env);
      else typeorm(['migration:generate', '--pretty', `${lib}/src/lib/migrations/${driver}/${name}`], env);
    } catch {
      failed = true;
      console.error(
        `\n${driver}: the entities differ from the migrations. Run: node ${lib}/scripts/migrations.mjs generate <name>`,
      );
    }
  }
} finally {
  psql(`DROP DATABASE IF EXISTS ${scratch}`);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
