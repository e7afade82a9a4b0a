import type { DataSource } from 'typeorm';

/**
 * Where any of the needles (an account's id, its email) still appears in the database: every column of
 * every entity's table, read as text (ids, natural keys, JSON documents), as `table.column` names. Generic
 * on purpose: a table added later is searched without anyone remembering to, so an account deletion that
 * forgets it fails its test. LIKE's `_` matches any character, which can only report more, never less.
 */
export async function findAccountTraces(dataSource: DataSource, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const metadata of dataSource.entityMetadatas) {
    for (const column of metadata.columns) {
      const qb = dataSource.createQueryBuilder().select('COUNT(*)', 'n').from(metadata.tableName, 't');
      const text = `CAST(${qb.escape('t')}.${qb.escape(column.databaseName)} AS TEXT)`;
      needles.forEach((needle, i) => {
        const where = `${text} LIKE :needle${i}`;
        const parameters = { [`needle${i}`]: `%${needle}%` };
        if (i === 0) qb.where(where, parameters);
        else qb.orWhere(where, parameters);
      });
      const row = await qb.getRawOne<{ n: string | number }>();
      if (Number(row?.n ?? 0) > 0) found.push(`${metadata.tableName}.${column.databaseName}`);
    }
  }
  return found.sort();
}
