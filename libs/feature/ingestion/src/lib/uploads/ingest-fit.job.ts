import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Activity, ActivitySource } from '@loadwatch/domain/activity';
import { decodeFit, DEFAULT_MAX_FIT_BYTES, FitDecodeError } from '@loadwatch/domain/fit';
import {
  ActivitySourcesRepository,
  UploadsRepository,
  UsersRepository,
  type ImportOutcome,
  type SourceImport,
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
import { permanentIfGone } from '../provenance/provider-activities.service';
import { UploadStorage } from './upload-storage.service';

const NOTE_LENGTH = 2000;

/**
 * `ingest-fit` (design.md, data flow step 2): decodes a stored upload and imports one provenance per session
 * by its natural key (`fit:<sha256>:<session index>`, or `garmin:<activity id>` for a Garmin activity
 * file), so a retry or a second run never duplicates anything; each session merges with a Strava or Garmin
 * copy of the same run (libs/domain/activity merge.ts). Then queues `recompute-load`. A file that cannot
 * be decoded is rejected for good with the reason. A Garmin file of a run the athlete deleted in Loadwatch
 * stores no activity: the upload is processed, with the reason as its note, and its bytes are removed.
 */
@Injectable()
export class IngestFitJob implements OnModuleInit {
  private readonly logger = new Logger(IngestFitJob.name);

  constructor(
    private readonly registry: JobRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadsRepository,
    private readonly sources: ActivitySourcesRepository,
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
    const outcomes: ImportOutcome[] = [];
    for (const [sessionIndex, activity] of activities.entries()) {
      const imported = await permanentIfGone(
        this.sources.importSource(
          toSourceImport(activity, upload, sessionIndex),
          athlete.timeZone,
          this.clock.now(),
        ),
      );
      outcomes.push(imported.outcome);
    }
    const refused = outcomes.filter((outcome) => outcome === 'deleted-by-athlete').length;
    // A provider's file (Garmin) of nothing but runs the athlete deleted: its GPS and heart rate are not
    // kept either (the upload row stays, with the reason). The athlete's own uploads are always kept.
    const dropFile = upload.provider != null && activities.length > 0 && refused === activities.length;
    if (dropFile) await this.storage.remove(upload.athleteId, upload.sha256);
    const notes = [...(refused > 0 ? [deletedNote(refused, activities.length, dropFile)] : []), ...warnings];
    const note = notes.length > 0 ? notes.join(' ').slice(0, NOTE_LENGTH) : null;
    await this.uploads.markProcessed(uploadId, activities.length - refused, this.clock.now(), note);
    await this.queue.enqueue('recompute-load', { athleteId: upload.athleteId });
    this.logger.log(
      `Ingested upload ${uploadId} of athlete ${upload.athleteId} in ${elapsed(started)} ms: ` +
        `${activities.length} activities (${outcomes.join(', ') || 'none'}).`,
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

/**
 * A decoded session as one provenance: the athlete's own file is source `fit`, keyed by the file's sha256
 * and session index; a file a provider delivered is that provider's, keyed by its activity id (the first
 * session; later ones, in a multisport file, add their index).
 */
export function toSourceImport(
  activity: Activity,
  upload: Pick<UploadEntity, 'id' | 'athleteId' | 'sha256' | 'provider' | 'externalId'>,
  sessionIndex: number,
): SourceImport {
  const { id: _id, ...fields } = activity;
  const provider = upload.provider ?? null;
  const source: ActivitySource = provider ?? 'fit';
  const externalId =
    provider && upload.externalId
      ? sessionIndex === 0
        ? upload.externalId
        : `${upload.externalId}:${sessionIndex}`
      : `${upload.sha256}:${sessionIndex}`;
  return {
    athleteId: upload.athleteId,
    source,
    externalId,
    uploadId: upload.id,
    activity: { ...fields, source },
  };
}

/** Why a provider's file stored fewer activities than it holds (shown with the upload). */
function deletedNote(refused: number, sessions: number, dropped: boolean): string {
  if (refused < sessions) {
    return `${refused} of its ${sessions} activities not imported: you deleted them in Loadwatch.`;
  }
  return `Not imported: you deleted this activity in Loadwatch${dropped ? '; its file was not kept' : ''}.`;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
