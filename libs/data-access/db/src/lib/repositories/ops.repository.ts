import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { UploadEntity, type UploadStatus } from '../entities/upload.entity';

export interface UploadStatusCount {
  status: UploadStatus;
  /** The stored reason for rejected and failed uploads; null for the other statuses (their notes vary). */
  reason: string | null;
  count: number;
}

/** Rejected and failed uploads are counted by reason (why the file was refused or lost); the others not. */
const REASON_OR_NULL = `CASE WHEN upload.status IN ('rejected', 'failed') THEN upload.reason ELSE NULL END`;

/**
 * Read-only counts for monitoring (/metrics). One grouped query per scrape over the indexed status column;
 * nothing here writes.
 */
@Injectable()
export class OpsRepository {
  constructor(@InjectRepository(UploadEntity) private readonly uploads: Repository<UploadEntity>) {}

  /** Uploads per status, and per reason for rejected and failed ones. */
  async countUploadsByStatus(): Promise<UploadStatusCount[]> {
    const rows = await this.uploads
      .createQueryBuilder('upload')
      .select('upload.status', 'status')
      .addSelect(REASON_OR_NULL, 'reason')
      .addSelect('COUNT(*)', 'count')
      .groupBy('upload.status')
      .addGroupBy(REASON_OR_NULL)
      .getRawMany<{ status: UploadStatus; reason: string | null; count: string | number }>();
    return rows.map((row) => ({ status: row.status, reason: row.reason ?? null, count: Number(row.count) }));
  }
}
