import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, type Repository } from 'typeorm';
import { CoachLinkEntity } from '../entities/coach-link.entity';
import { EmailDeliveryEntity } from '../entities/email-delivery.entity';
import { FindingEntity } from '../entities/finding.entity';

/** A keyset cursor over rows ordered by (an instant, id). */
export interface InstantCursor {
  atMs: number;
  id: string;
}

export type AlertFindingRow = Pick<FindingEntity, 'id' | 'athleteId' | 'rule' | 'severity' | 'updatedAtMs'>;

export type PendingDeliveryRow = Pick<
  EmailDeliveryEntity,
  'id' | 'naturalKey' | 'kind' | 'recipientId' | 'attempts' | 'reason' | 'createdAtMs'
>;

/**
 * The reads of the alerts reconciler: recent open urgent and warning findings, the coaches each athlete
 * shares health data with, and email ledger rows left `pending` with no live lease. Pages are keyset
 * cursors, so a pass over many rows is many small queries.
 */
@Injectable()
export class AlertBacklogRepository {
  constructor(
    @InjectRepository(FindingEntity) private readonly findings: Repository<FindingEntity>,
    @InjectRepository(CoachLinkEntity) private readonly links: Repository<CoachLinkEntity>,
    @InjectRepository(EmailDeliveryEntity) private readonly deliveries: Repository<EmailDeliveryEntity>,
  ) {}

  /** Open urgent and warning findings created or changed in [sinceMs, untilMs], by (updatedAtMs, id). */
  openAlertFindings(options: {
    sinceMs: number;
    untilMs: number;
    after?: InstantCursor;
    limit: number;
  }): Promise<AlertFindingRow[]> {
    const query = this.findings
      .createQueryBuilder('finding')
      .select(['finding.id', 'finding.athleteId', 'finding.rule', 'finding.severity', 'finding.updatedAtMs'])
      .where('finding.status = :open', { open: 'open' })
      .andWhere('finding.severity IN (:...severities)', { severities: ['urgent', 'warning'] })
      .andWhere('finding.updatedAtMs >= :since', { since: options.sinceMs })
      .andWhere('finding.updatedAtMs <= :until', { until: options.untilMs });
    afterCursor(query, 'finding.updatedAtMs', 'finding.id', options.after);
    return query
      .orderBy('finding.updatedAtMs', 'ASC')
      .addOrderBy('finding.id', 'ASC')
      .take(options.limit)
      .getMany();
  }

  /** The coaches with an accepted link and the health-data grant, per athlete of `athleteIds`. */
  async healthCoaches(athleteIds: readonly string[]): Promise<Map<string, string[]>> {
    const coaches = new Map<string, string[]>();
    if (athleteIds.length === 0) return coaches;
    const links = await this.links.find({
      select: { athleteId: true, coachId: true },
      where: { athleteId: In([...new Set(athleteIds)]), status: 'accepted', healthAccess: true },
      order: { coachId: 'ASC' },
    });
    for (const { athleteId, coachId } of links) {
      if (athleteId !== null && coachId !== null)
        coaches.set(athleteId, [...(coaches.get(athleteId) ?? []), coachId]);
    }
    return coaches;
  }

  /**
   * Ledger rows still `pending` whose lease ran out before `beforeMs` (nobody is sending them), created in
   * [createdSinceMs, beforeMs], by (createdAtMs, id).
   */
  stalePending(options: {
    createdSinceMs: number;
    beforeMs: number;
    after?: InstantCursor;
    limit: number;
  }): Promise<PendingDeliveryRow[]> {
    const query = this.deliveries
      .createQueryBuilder('delivery')
      .select([
        'delivery.id',
        'delivery.naturalKey',
        'delivery.kind',
        'delivery.recipientId',
        'delivery.attempts',
        'delivery.reason',
        'delivery.createdAtMs',
      ])
      .where('delivery.status = :pending', { pending: 'pending' })
      .andWhere('delivery.createdAtMs >= :since', { since: options.createdSinceMs })
      .andWhere('delivery.createdAtMs <= :before', { before: options.beforeMs })
      .andWhere('delivery.leaseUntilMs < :before');
    afterCursor(query, 'delivery.createdAtMs', 'delivery.id', options.after);
    return query
      .orderBy('delivery.createdAtMs', 'ASC')
      .addOrderBy('delivery.id', 'ASC')
      .take(options.limit)
      .getMany();
  }
}

function afterCursor(
  query: { andWhere(where: Brackets): unknown },
  atColumn: string,
  idColumn: string,
  after: InstantCursor | undefined,
): void {
  if (!after) return;
  query.andWhere(
    new Brackets((next) => {
      next
        .where(`${atColumn} > :afterMs`, { afterMs: after.atMs })
        .orWhere(`(${atColumn} = :afterMs AND ${idColumn} > :afterId)`, { afterId: after.id });
    }),
  );
}
