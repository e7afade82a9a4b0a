import { Inject, Injectable, Logger } from '@nestjs/common';
import { UploadsRepository, type UploadCursor } from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  QueueUnavailableError,
  type EnsureOutcome,
  type JobQueue,
} from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';

/** Uploads younger than this are left to the request that is enqueueing them. */
export const RECONCILE_MIN_AGE_MS = 5000;

const PAGE_SIZE = 200;

export type ReconcileReport = Record<EnsureOutcome, number> & { checked: number; complete: boolean };

/**
 * Nothing is lost (design.md, data flow step 1): every upload still `received` or `processing` gets its
 * `ingest-fit` job. An upload's job is missing when Redis was down as the request committed it, or when
 * Redis lost its data; it failed when its attempts ran out on transient errors (a worker killed twice, the
 * database away for the whole backoff). Ingest is idempotent by the upload's natural key, so enqueueing again
 * is always safe; a job still waiting or running is left alone (a dead worker's job runs again when its lock
 * expires), and a permanent failure stays visible for a person. Run at worker start and on a schedule, in
 * every worker process: the jobIds make the passes agree.
 */
@Injectable()
export class UploadsReconciler {
  private readonly logger = new Logger(UploadsReconciler.name);
  private pass: Promise<ReconcileReport> | null = null;

  constructor(
    private readonly uploads: UploadsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One pass over every unfinished upload older than `minAgeMs`; a pass already running is joined. */
  reconcile(minAgeMs = RECONCILE_MIN_AGE_MS): Promise<ReconcileReport> {
    this.pass ??= this.run(minAgeMs).finally(() => (this.pass = null));
    return this.pass;
  }

  private async run(minAgeMs: number): Promise<ReconcileReport> {
    const started = performance.now();
    const report: ReconcileReport = {
      checked: 0,
      added: 0,
      retried: 0,
      pending: 0,
      completed: 0,
      failed: 0,
      complete: true,
    };
    const createdBeforeMs = this.clock.now() - minAgeMs;
    let after: UploadCursor | undefined;
    for (;;) {
      const page = await this.uploads.findUnfinished({ createdBeforeMs, after, limit: PAGE_SIZE });
      if (page.length === 0) break;
      try {
        const outcomes = await Promise.all(
          page.map((upload) => this.queue.ensure('ingest-fit', { uploadId: upload.id })),
        );
        for (const outcome of outcomes) report[outcome] += 1;
      } catch (error) {
        if (!(error instanceof QueueUnavailableError)) throw error;
        this.logger.warn(`Upload reconciliation stopped, the queue is unavailable: ${error.message}`);
        report.complete = false;
        break;
      }
      report.checked += page.length;
      const last = page[page.length - 1];
      after = { createdAtMs: last.createdAtMs, id: last.id };
    }
    const message =
      `Reconciled ${report.checked} unfinished uploads in ${Math.round(performance.now() - started)} ms: ` +
      `${report.added} enqueued, ${report.retried} retried, ${report.pending} queued or running, ` +
      `${report.failed} failed for good.`;
    if (report.added + report.retried > 0) this.logger.log(message);
    else this.logger.debug(message);
    return report;
  }
}
