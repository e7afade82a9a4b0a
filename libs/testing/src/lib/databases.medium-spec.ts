import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { createTestDatabase, PG_ADMIN_URL } from './databases';

describe('test databases', () => {
  it('gives each caller its own PostgreSQL database and drops it', async () => {
    const [a, b] = await Promise.all([createTestDatabase('postgres'), createTestDatabase('postgres')]);
    if (a.db.type !== 'postgres' || b.db.type !== 'postgres') throw new Error('expected PostgreSQL');
    expect(a.db.url).not.toBe(b.db.url);
    const name = a.db.url.slice(a.db.url.lastIndexOf('/') + 1);
    await Promise.all([a.drop(), b.drop()]);
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });

  it('gives a SQLite file in a folder that drop removes', async () => {
    const database = await createTestDatabase('sqlite');
    if (database.db.type !== 'sqlite') throw new Error('expected SQLite');
    const folder = database.db.path.slice(0, database.db.path.lastIndexOf('/'));
    expect(existsSync(folder)).toBe(true);
    await database.drop();
    expect(existsSync(folder)).toBe(false);
  });
});
