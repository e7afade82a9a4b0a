import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, LessThanOrEqual, Repository } from 'typeorm';
import { UploadEntity, type UploadStatus } from '../entities/upload.entity';

export interface NewUpload {
  athleteId: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  createdAtMs: number;
  /** A file a provider delivered (a Garmin activity file) and its activity id there. */
  provider?: 'garmin';
  externalId?: string;
}

/** Where a walk over uploads in creation order stopped: the last row it saw. */
export interface UploadCursor {
  createdAtMs: number;
  id: string;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface PageOf<T> {
  items: T[];
  total: number;
}

/** Upload rows: one per athlete and file content (sha256), whatever the file was called. */
@Injectable()
export class UploadsRepository {
  constructor(@InjectRepository(UploadEntity) private readonly uploads: Repository<UploadEntity>) {}

  /**
   * Inserts the upload unless the athlete already has one with the same bytes, and returns the row that
   * holds them either way. Safe against two requests racing with the same file: the unique
   * (athleteId, sha256) index decides, and the loser reads the winner's row.
   */
  async insertIfAbsent(upload: NewUpload): Promise<{ upload: UploadEntity; created: boolean }> {
    const id = randomUUID();
    await this.uploads
      .createQueryBuilder()
      .insert()
      .values({ ...upload, id, status: 'received', reason: null, activityCount: 0, processedAtMs: null })
      .orIgnore()
      .execute();
    const stored = await this.uploads.findOneByOrFail({ athleteId: upload.athleteId, sha256: upload.sha256 });
    return { upload: stored, created: stored.id === id };
  }

  findById(id: string): Promise<UploadEntity | null> {
    return this.uploads.findOneBy({ id });
  }

  findOwned(athleteId: string, id: string): Promise<UploadEntity | null> {
    return this.uploads.findOneBy({ id, athleteId });
  }

  /** The file a provider delivered for one of its activities, if it was stored. */
  findProviderFile(athleteId: string, provider: 'garmin', externalId: string): Promise<UploadEntity | null> {
    return this.uploads.findOneBy({ athleteId, provider, externalId });
  }

  async listByAthlete(athleteId: string, page: PageRequest): Promise<PageOf<UploadEntity>> {
    const [items, total] = await this.uploads.findAndCount({
      where: { athleteId },
      order: { createdAtMs: 'DESC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total };
  }

  /**
   * Uploads still waiting for their first ingest, oldest first: the rows whose job was never enqueued
   * (the queue was down when the request committed them), for a reconciler to enqueue again.
   */
  findReceived(options: { createdBeforeMs?: number; limit?: number } = {}): Promise<UploadEntity[]> {
    return this.uploads.find({
      where: {
        status: 'received',
        ...(options.createdBeforeMs === undefined
          ? {}
          : { createdAtMs: LessThanOrEqual(options.createdBeforeMs) }),
      },
      order: { createdAtMs: 'ASC', id: 'ASC' },
      take: options.limit ?? 100,
    });
  }

  /**
   * One page of the uploads not finished yet (received, or processing when a worker died or its job was
   * lost), created at or before `createdBeforeMs`, in creation order after the cursor: a reconciler walks
   * them all in pages, however many there are, to make sure each has its ingest job.
   */
  findUnfinished(options: {
    createdBeforeMs: number;
    after?: UploadCursor;
    limit: number;
  }): Promise<Pick<UploadEntity, 'id' | 'athleteId' | 'status' | 'createdAtMs'>[]> {
    const unfinished: UploadStatus[] = ['received', 'processing'];
    const query = this.uploads
      .createQueryBuilder('upload')
      .select(['upload.id', 'upload.athleteId', 'upload.status', 'upload.createdAtMs'])
      .where('upload.status IN (:...unfinished)', { unfinished })
      .andWhere('upload.createdAtMs <= :before', { before: options.createdBeforeMs });
    const after = options.after;
    if (after) {
      query.andWhere(
        new Brackets((next) => {
          next
            .where('upload.createdAtMs > :afterMs', { afterMs: after.createdAtMs })
            .orWhere('(upload.createdAtMs = :afterMs AND upload.id > :afterId)', { afterId: after.id });
        }),
      );
    }
    return query
      .orderBy('upload.createdAtMs', 'ASC')
      .addOrderBy('upload.id', 'ASC')
      .take(options.limit)
      .getMany();
  }

  async markProcessing(id: string): Promise<void> {
    await this.uploads.update({ id }, { status: 'processing', reason: null });
  }

  /** `note`: what the decoder dropped or worked around, if anything. */
  async markProcessed(
    id: string,
    activityCount: number,
    atMs: number,
    note: string | null = null,
  ): Promise<void> {
    await this.uploads.update(
      { id },
      { status: 'processed', reason: note, activityCount, processedAtMs: atMs },
    );
  }

  /** A permanent refusal of the file (it cannot be decoded); the reason is shown to the athlete. */
  async markRejected(id: string, reason: string, atMs: number): Promise<void> {
    await this.uploads.update({ id }, { status: 'rejected', reason, activityCount: 0, processedAtMs: atMs });
  }

  /** A permanent failure that is not the file's fault (its stored bytes are gone). */
  async markFailed(id: string, reason: string, atMs: number): Promise<void> {
    await this.uploads.update({ id }, { status: 'failed', reason, processedAtMs: atMs });
  }
}
