import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { OpsRepository, type UploadStatusCount } from '@loadwatch/data-access/db';
import type { UploadsAccepted } from '@loadwatch/shared/contracts';
import { failureCode, rejectionCode } from './ingest-reason';
import { OpsMetrics } from './ops-metrics';

/**
 * What became of uploads. Final results come from the uploads table at scrape time (the ingestion feature
 * owns those rows; the same numbers in every API replica, so aggregate them with max, not sum). Duplicates
 * never get a row of their own: the files of each upload request are counted as this process answers it.
 */
@Injectable()
export class UploadMetrics {
  private readonly files: Counter<'result'>;
  /** The query of the scrape in progress: both families collect at once and share it. */
  private inflight: Promise<UploadStatusCount[]> | null = null;

  constructor(
    @Inject(OpsMetrics) private readonly metrics: OpsMetrics,
    private readonly ops: OpsRepository,
  ) {
    const registers = [metrics.registry];
    const results = new Counter({
      name: 'loadwatch_ingest_results_total',
      help:
        'Uploads whose ingest is final, by result (processed, rejected, failed) and reason (a rejection: the ' +
        'FitDecodeError code). From the database at scrape time: aggregate replicas with max, not sum.',
      labelNames: ['result', 'reason'] as const,
      registers,
      collect: async () => {
        results.reset();
        await this.collect((rows) => {
          for (const row of rows) {
            if (row.status === 'processed') results.inc({ result: 'processed', reason: '' }, row.count);
            if (row.status === 'rejected')
              results.inc({ result: 'rejected', reason: rejectionCode(row.reason) }, row.count);
            if (row.status === 'failed')
              results.inc({ result: 'failed', reason: failureCode(row.reason) }, row.count);
          }
        });
      },
    });
    const pending = new Gauge({
      name: 'loadwatch_uploads_pending',
      help: 'Uploads not final yet, by status (received: queued; processing: being decoded). From the database.',
      labelNames: ['status'] as const,
      registers,
      collect: async () => {
        pending.reset();
        await this.collect((rows) => {
          for (const status of ['received', 'processing'] as const) {
            pending.set(
              { status },
              rows.filter((row) => row.status === status).reduce((n, row) => n + row.count, 0),
            );
          }
        });
      },
    });
    this.files = new Counter({
      name: 'loadwatch_upload_files_total',
      help:
        'FIT files of upload requests answered by this process, by result: received (stored and queued), ' +
        'duplicate (the athlete uploaded the same bytes before), skipped (not FIT, or an unreadable archive).',
      labelNames: ['result'] as const,
      registers,
    });
  }

  countFiles(accepted: UploadsAccepted): void {
    for (const upload of accepted.uploads) this.files.inc({ result: upload.status });
    if (accepted.rejected.length > 0) this.files.inc({ result: 'skipped' }, accepted.rejected.length);
  }

  private async collect(use: (rows: UploadStatusCount[]) => void): Promise<void> {
    await this.metrics.collectSafely('database', async () => use(await this.rows()));
  }

  private rows(): Promise<UploadStatusCount[]> {
    if (!this.inflight) {
      const rows = this.ops.countUploadsByStatus();
      this.inflight = rows;
      const done = () => {
        if (this.inflight === rows) this.inflight = null;
      };
      rows.then(done, done);
    }
    return this.inflight;
  }
}
