import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Activity } from '@loadwatch/domain/activity';
import { decodeFit, DEFAULT_MAX_FIT_BYTES, FitDecodeError } from '@loadwatch/domain/fit';
import { localDateOf } from '@loadwatch/domain/training-load';
import {
  ActivitiesRepository,
  UploadsRepository,
  UsersRepository,
  type ActivityUpsert,
  type UploadEntity,
} from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  JobRegistry,
  PermanentJobError,
  type IngestFitPayload,
  type JobQueue,
} from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { UploadStorage } from './upload-storage.service';

const NOTE_LENGTH = 2000;

/**
 * `ingest-fit` (design.md, data flow step 2): decodes a stored upload and upserts one activity per session
 * by its natural key `fit:<sha256>:<session index>`, so a retry or a second run never duplicates anything;
 * then queues `recompute-load`. A file that cannot be decoded is rejected for good with the reason.
 */
@Injectable()
export class IngestFitJob implements OnModuleInit {
  private readonly logger = new Logger(IngestFitJob.name);

  constructor(
    private readonly registry: JobRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadsRepository,
    private readonly activities: ActivitiesRepository,
    private readonly users: UsersRepository,
    private readonly storage: UploadStorage,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register('ingest-fit', (payload) => this.handleIngestFit(payload));
  }

  async handleIngestFit({ uploadId }: IngestFitPayload): Promise<void> {
    const started = performance.now();
    this.logger.log(`Ingesting upload ${uploadId}.`);
    const upload = await this.uploads.findById(uploadId);
    if (!upload) throw new PermanentJobError(`Upload ${uploadId} does not exist.`);
    const bytes = await this.readBytes(upload);
    await this.uploads.markProcessing(uploadId);

    let activities: Activity[];
    let warnings: string[];
    try {
      ({ activities, warnings } = decodeFit(bytes, {
        idPrefix: upload.sha256.slice(0, 16),
        maxBytes: Math.max(DEFAULT_MAX_FIT_BYTES, this.config.uploads.maxBytes),
      }));
    } catch (error) {
      if (!(error instanceof FitDecodeError)) throw error;
      await this.uploads.markRejected(uploadId, error.message, this.clock.now());
      this.logger.warn(`Upload ${uploadId} rejected (${error.code}) after ${elapsed(started)} ms.`);
      throw new PermanentJobError(`Upload ${uploadId} rejected: ${error.message}`);
    }

    const athlete = await this.users.findById(upload.athleteId);
    if (!athlete)
      throw new PermanentJobError(`Athlete ${upload.athleteId} of upload ${uploadId} does not exist.`);
    const rows = activities.map((activity, sessionIndex) =>
      toActivityUpsert(activity, upload, sessionIndex, athlete.timeZone),
    );
    const now = this.clock.now();
    await this.activities.upsertMany(rows, now);
    const note = warnings.length > 0 ? warnings.join(' ').slice(0, NOTE_LENGTH) : null;
    await this.uploads.markProcessed(uploadId, rows.length, now, note);
    await this.queue.enqueue('recompute-load', { athleteId: upload.athleteId });
    this.logger.log(
      `Ingested upload ${uploadId} of athlete ${upload.athleteId} in ${elapsed(started)} ms: ` +
        `${rows.length} activities.`,
    );
  }

  private async readBytes(upload: UploadEntity): Promise<Buffer> {
    try {
      return await this.storage.read(upload.athleteId, upload.sha256);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const reason = 'the stored file is missing';
      await this.uploads.markFailed(upload.id, reason, this.clock.now());
      throw new PermanentJobError(`Upload ${upload.id} cannot be ingested: ${reason}.`);
    }
  }
}

/** A decoded session as a stored activity, placed on the calendar as spec/metrics.md section 2 says. */
export function toActivityUpsert(
  activity: Activity,
  upload: Pick<UploadEntity, 'id' | 'athleteId' | 'sha256'>,
  sessionIndex: number,
  timeZone: string,
): ActivityUpsert {
  return {
    athleteId: upload.athleteId,
    sourceKey: `fit:${upload.sha256}:${sessionIndex}`,
    source: activity.source,
    uploadId: upload.id,
    sport: activity.sport,
    subSport: activity.subSport,
    sportClass: activity.sportClass,
    startMs: activity.startMs,
    utcOffsetS: activity.utcOffsetS,
    localDate: localDateOf(activity, timeZone),
    distanceM: activity.distanceM,
    movingTimeS: activity.movingTimeS,
    elapsedTimeS: activity.elapsedTimeS,
    ascentM: activity.ascentM,
    descentM: activity.descentM,
    avgHeartRateBpm: activity.avgHeartRateBpm,
    avgCadenceSpm: activity.avgCadenceSpm,
    laps: activity.laps,
    device: activity.device,
    recordCount: activity.stream?.timeS.length ?? 0,
    stream: activity.stream,
  };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
