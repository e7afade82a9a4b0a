import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditLogEntity } from '../entities/audit-log.entity';

/** A read of an athlete's health data: who, whose, what kind of read. Never the data itself. */
export interface HealthRead {
  actorId: string;
  athleteId: string;
  action: string;
}

@Injectable()
export class AuditLogRepository {
  constructor(@InjectRepository(AuditLogEntity) private readonly entries: Repository<AuditLogEntity>) {}

  async record(reads: HealthRead | HealthRead[], nowMs = Date.now()): Promise<void> {
    const rows = (Array.isArray(reads) ? reads : [reads]).map((read) =>
      this.entries.create({ id: randomUUID(), ...read, atMs: nowMs }),
    );
    if (rows.length > 0) await this.entries.insert(rows);
  }

  /** Who read this athlete's health data, oldest first. */
  listForAthlete(athleteId: string): Promise<AuditLogEntity[]> {
    return this.entries.find({ where: { athleteId }, order: { atMs: 'ASC' } });
  }
}
