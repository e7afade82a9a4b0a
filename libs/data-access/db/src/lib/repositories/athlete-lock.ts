import type { EntityManager } from 'typeorm';
import { UserEntity } from '../entities/user.entity';

/**
 * Takes the athlete's row lock for the transaction (PostgreSQL; SQLite's transactions run one at a time);
 * false when there is no such athlete. Every write of an athlete's activities and sources takes it: two
 * sources of one run arriving together meet, and an activity's deletion and an import of one of its sources
 * never interleave (the import would bring back what the deletion tombstones).
 */
export async function holdAthlete(manager: EntityManager, athleteId: string): Promise<boolean> {
  const query = manager
    .createQueryBuilder(UserEntity, 'u')
    .select('u.id')
    .where('u.id = :athleteId', { athleteId });
  if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
  return (await query.getOne()) !== null;
}
