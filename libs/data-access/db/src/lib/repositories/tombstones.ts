import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { sourceKeyOf, type ActivitySource } from '@loadwatch/domain/activity';
import { DeletedProviderActivityEntity } from '../entities/deleted-provider-activity.entity';

/** A provider activity to remember as deleted by the athlete. */
export interface Tombstone {
  source: ActivitySource;
  externalId: string;
}

/**
 * Remembers provider activities the athlete deleted (DeletedProviderActivityEntity), in the caller's
 * transaction; one already remembered is left as it is. Written by an activity's deletion and by an import
 * refused as the copy of a deleted run.
 */
export async function writeTombstones(
  manager: EntityManager,
  athleteId: string,
  tombstones: readonly Tombstone[],
  nowMs: number,
): Promise<void> {
  if (tombstones.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(DeletedProviderActivityEntity)
    .values(
      tombstones.map(({ source, externalId }) => ({
        id: randomUUID(),
        athleteId,
        sourceKey: sourceKeyOf(source, externalId),
        source,
        externalId,
        deletedAtMs: nowMs,
      })),
    )
    .orIgnore()
    .execute();
}

/** Whether the athlete deleted this provider activity in Loadwatch. */
export function hasTombstone(
  manager: EntityManager,
  athleteId: string,
  tombstone: Tombstone,
): Promise<boolean> {
  return manager.existsBy(DeletedProviderActivityEntity, {
    athleteId,
    sourceKey: sourceKeyOf(tombstone.source, tombstone.externalId),
  });
}
