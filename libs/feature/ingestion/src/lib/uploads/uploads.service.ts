import { createHash } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { UploadsRepository, type UploadEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import type {
  AcceptedUpload,
  Page,
  RejectedFile,
  UploadsAccepted,
  UploadView,
} from '@loadwatch/shared/contracts';
import type { PageQueryDto } from '../page-query.dto';
import { uploadItems, type ReceivedFile, type UploadLimits } from './upload-files';
import { UploadStorage } from './upload-storage.service';

const FILE_NAME_LENGTH = 255;

/** What the archives of one request may expand to, in multiples of the upload limit. */
const EXPANSION_FACTOR = 4;

/**
 * Takes FIT uploads in (design.md, data flow step 1): the bytes are stored first, then the upload row, then
 * the `ingest-fit` job; nothing is decoded here.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);

  constructor(
    private readonly uploads: UploadsRepository,
    private readonly storage: UploadStorage,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get limits(): UploadLimits {
    const max = this.config.uploads.maxBytes;
    return { maxFitBytes: max, maxExpandedBytes: max * EXPANSION_FACTOR, maxZipDepth: 3, maxEntries: 20_000 };
  }

  async accept(athleteId: string, files: readonly ReceivedFile[] | undefined): Promise<UploadsAccepted> {
    if (!files || files.length === 0) {
      throw new BadRequestException(
        "No file: send .fit, .fit.gz or .zip files in the multipart field 'files'.",
      );
    }
    const accepted: AcceptedUpload[] = [];
    const rejected: RejectedFile[] = [];
    for await (const item of uploadItems(files, this.limits)) {
      const fileName = shorten(item.fileName);
      if (item.kind === 'rejected') rejected.push({ fileName, reason: item.reason });
      else accepted.push(await this.store(athleteId, fileName, item.bytes));
    }
    if (accepted.length === 0) {
      const reasons = rejected.map((r) => `${r.fileName}: ${r.reason}`);
      throw new BadRequestException(
        reasons.length > 0
          ? [`No FIT file in the upload.`, ...reasons]
          : 'No FIT file in the upload: the archives hold no .fit or .fit.gz file.',
      );
    }
    const fresh = accepted.filter((u) => u.status === 'received').length;
    this.logger.log(
      `Athlete ${athleteId} uploaded ${fresh} new files (${accepted.length - fresh} duplicates, ` +
        `${rejected.length} rejected).`,
    );
    return { uploads: accepted, rejected };
  }

  private async store(
    athleteId: string,
    fileName: string,
    bytes: Buffer,
    provenance: { provider: 'garmin'; externalId: string } | null = null,
  ): Promise<AcceptedUpload> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.storage.write(athleteId, sha256, bytes);
    const { upload, created } = await this.uploads.insertIfAbsent({
      athleteId,
      fileName,
      sha256,
      sizeBytes: bytes.length,
      createdAtMs: this.clock.now(),
      ...(provenance ?? {}),
    });
    if (!created) return { id: upload.id, fileName, status: 'duplicate', duplicateOf: upload.id };
    try {
      await this.queue.enqueue('ingest-fit', { uploadId: upload.id });
    } catch (error) {
      // The row and the bytes are safe; the reconciler enqueues uploads left 'received'.
      this.logger.error(`Could not enqueue ingest-fit for upload ${upload.id}: ${(error as Error).message}`);
    }
    return { id: upload.id, fileName, status: 'received' };
  }

  /**
   * A file a provider delivered (a Garmin activity file), taken in like an upload: bytes stored first, then
   * the row naming its provenance, then `ingest-fit`, which imports it as that provider's activity. The same
   * bytes already stored (the athlete uploaded the file too) are a duplicate, as for uploads.
   */
  async acceptProviderFile(input: {
    athleteId: string;
    provider: 'garmin';
    externalId: string;
    fileName: string;
    bytes: Buffer;
  }): Promise<AcceptedUpload> {
    const accepted = await this.store(input.athleteId, shorten(input.fileName), input.bytes, {
      provider: input.provider,
      externalId: input.externalId,
    });
    this.logger.log(
      `Stored ${input.provider} file of activity ${input.externalId} for athlete ${input.athleteId}: ` +
        `upload ${accepted.id} (${accepted.status}).`,
    );
    return accepted;
  }

  async get(athleteId: string, id: string): Promise<UploadView> {
    const upload = await this.uploads.findOwned(athleteId, id);
    if (!upload) throw new NotFoundException(`No upload ${id}.`);
    return toUploadView(upload);
  }

  async list(athleteId: string, page: PageQueryDto): Promise<Page<UploadView>> {
    const { items, total } = await this.uploads.listByAthlete(athleteId, page);
    return { items: items.map(toUploadView), total, limit: page.limit, offset: page.offset };
  }
}

/** Long archive paths keep their end, where the file's own name is. */
function shorten(fileName: string): string {
  return fileName.length <= FILE_NAME_LENGTH ? fileName : `…${fileName.slice(-(FILE_NAME_LENGTH - 1))}`;
}

export function toUploadView(upload: UploadEntity): UploadView {
  return {
    id: upload.id,
    fileName: upload.fileName,
    status: upload.status,
    reason: upload.reason,
    activityCount: upload.activityCount,
    sizeBytes: upload.sizeBytes,
    sha256: upload.sha256,
    createdAt: new Date(upload.createdAtMs).toISOString(),
    processedAt: upload.processedAtMs === null ? null : new Date(upload.processedAtMs).toISOString(),
  };
}
