import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConnectionsRepository, type ProviderConnectionEntity } from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  QueueUnavailableError,
  type EnsureOutcome,
  type JobQueue,
} from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { ConnectionsService } from '../connections.service';
import { garminBackfillWindow } from '../garmin/garmin.adapter';
import { stravaBackfillStep } from '../strava/strava-sync.jobs';

/** Connections touched this recently are being worked on (a connect enqueueing its first step). */
export const SYNC_RECONCILE_MIN_AGE_MS = 60_000;
/**
 * A Strava run whose listing is done but whose activities are not all in, and that has not moved for this
 * long while no rate limit holds it, lost its activity jobs: it is started over.
 */
export const SYNC_STALL_MS = 15 * 60_000;
/**
 * Resumes in a row without progress before giving up. Progress: a Strava activity imported or removed, a
 * Garmin window asked. Listing a page is not: a run started over lists again what earlier runs listed.
 */
export const MAX_BACKFILL_RESUMES = 5;

const PAGE_SIZE = 100;

export interface SyncReconcileOptions {
  /**
   * Nothing of this deployment's sync is in flight (the inline driver at start: its jobs lived in the
   * process that stopped), so every unfinished backfill is resumed at once, whatever its age.
   */
  fresh?: boolean;
}

export interface SyncReconcileReport {
  /** Connections with an unfinished backfill looked at. */
  checked: number;
  /** Backfills whose next job was missing or had failed, enqueued again where they stopped. */
  resumed: number;
  /** Strava backfills started over as a new run (held activities are not fetched again). */
  restarted: number;
  /** Backfills whose job waits or runs (or a rate limit holds them): left alone. */
  pending: number;
  /** Backfills that made no progress after MAX_BACKFILL_RESUMES resumes: left, with a message, for the athlete. */
  givenUp: number;
  /** False when the queue went away during the pass (the next pass carries on). */
  complete: boolean;
}

type Action = 'resumed' | 'restarted' | 'pending' | 'givenUp';

/**
 * Resumes interrupted history backfills. A backfill's state lives on its connection (Strava: the run and the
 * listing cursor; Garmin: the next window to ask for), its work in jobs that a stop can lose: on the inline
 * driver every waiting job dies with the process (a restart, Ctrl-C, a shutdown dropping jobs that wait for a
 * rate limit); on BullMQ Redis can lose them, or an enqueue failed while it was down. Each active connection
 * whose backfill is unfinished (or never started) gets the job it needs:
 * - Strava, listing unfinished: the step of the stored cursor is ensured (its job id is that cursor, so it
 *   is never a second listing next to a live one). When it completed or failed for good and the run has not
 *   moved for SYNC_STALL_MS, or when the listing is done but activities are missing and stalled likewise
 *   (their job ids are not stored anywhere), the run starts over: a new run id, listing from the newest
 *   activity, skipping (and counting as done) activities already held, so nothing is fetched or imported
 *   twice. On a fresh inline start every run starts over that way: the activity jobs of the pages listed
 *   before the stop are gone too.
 * - Garmin, windows not all asked: the request job (keyed by the window of the connect) is ensured; it goes
 *   on from the stored cursor.
 * Bounded: every resume (and start over) is counted on the connection, and progress sets the count back to
 * 0; a Strava activity whose job failed for good counts as processed, so one bad activity lets the run
 * finish (its error shown) rather than have it started over and over, but is no progress; after
 * MAX_BACKFILL_RESUMES fruitless resumes the backfill is left, with a message the athlete sees (connecting
 * again starts a new run). Run by the worker at start and every SYNC_RECONCILE_INTERVAL_MS, by every replica
 * (job ids, and compare-and-sets on the run id and the resume count, make them agree: two replicas ticking
 * at once add one job and count one resume), and once at start on the inline driver.
 */
@Injectable()
export class SyncReconciler {
  private readonly logger = new Logger(SyncReconciler.name);
  private pass: Promise<SyncReconcileReport> | null = null;

  constructor(
    private readonly rows: ConnectionsRepository,
    private readonly connections: ConnectionsService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One pass over every unfinished backfill; a pass already running is joined. */
  reconcile(options: SyncReconcileOptions = {}): Promise<SyncReconcileReport> {
    this.pass ??= this.run(options.fresh ?? false).finally(() => (this.pass = null));
    return this.pass;
  }

  /** Resolves once no pass runs (a pass started at bootstrap, for tests and tools). */
  async settled(): Promise<void> {
    await this.pass;
  }

  private async run(fresh: boolean): Promise<SyncReconcileReport> {
    const started = performance.now();
    const report: SyncReconcileReport = {
      checked: 0,
      resumed: 0,
      restarted: 0,
      pending: 0,
      givenUp: 0,
      complete: true,
    };
    // Fresh: all there is, but not a connection made while this pass runs (its connect enqueued its job).
    const updatedBeforeMs = fresh ? this.clock.now() + 1 : this.clock.now() - SYNC_RECONCILE_MIN_AGE_MS;
    let after: string | undefined;
    try {
      for (;;) {
        const page = await this.rows.findUnfinishedBackfills({
          updatedBeforeMs,
          maxResumes: MAX_BACKFILL_RESUMES,
          after,
          limit: PAGE_SIZE,
        });
        for (const row of page) {
          report[await this.reconcileOne(row, fresh)] += 1;
          report.checked += 1;
        }
        if (page.length < PAGE_SIZE) break;
        after = page[page.length - 1].id;
      }
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      this.logger.warn(`Sync reconciliation stopped, the queue is unavailable: ${error.message}`);
      report.complete = false;
    }
    const message =
      `Reconciled ${report.checked} unfinished backfills in ${Math.round(performance.now() - started)} ms: ` +
      `${report.resumed} resumed, ${report.restarted} started over, ${report.pending} still under way, ` +
      `${report.givenUp} given up.`;
    if (report.resumed + report.restarted + report.givenUp > 0) this.logger.log(message);
    else this.logger.debug(message);
    return report;
  }

  private async reconcileOne(row: ProviderConnectionEntity, fresh: boolean): Promise<Action> {
    if (row.backfillResumes >= MAX_BACKFILL_RESUMES) return this.giveUp(row);
    if (row.provider === 'garmin') return this.reconcileGarmin(row);
    return this.reconcileStrava(row, fresh);
  }

  private async reconcileStrava(row: ProviderConnectionEntity, fresh: boolean): Promise<Action> {
    if (!this.config.connections.strava) return 'pending';
    if (fresh) return this.restart(row);
    const now = this.clock.now();
    if (row.resumesAtMs !== null && row.resumesAtMs > now) return 'pending';
    const stalled = row.updatedAtMs < now - SYNC_STALL_MS;
    if (row.backfillFinishedAtMs === null) {
      const outcome = await this.queue.ensure('strava-backfill', {
        connectionId: row.id,
        runId: row.backfillRunId as string,
        step: stravaBackfillStep(row),
      });
      if (outcome === 'added' || outcome === 'retried') return this.resumed(row, outcome);
      if (outcome === 'pending' || !stalled) return 'pending';
    } else if (!stalled) {
      return 'pending';
    }
    return this.restart(row);
  }

  private async reconcileGarmin(row: ProviderConnectionEntity): Promise<Action> {
    const garmin = this.config.connections.garmin;
    if (!garmin || row.backfillFinishedAtMs !== null) return 'pending';
    const outcome = await this.queue.ensure('garmin-backfill', {
      connectionId: row.id,
      ...garminBackfillWindow(row, garmin.backfillDays),
    });
    if (outcome === 'added' || outcome === 'retried') return this.resumed(row, outcome);
    // A request job that failed for good has its reason on the connection already; no resume can help.
    if (outcome === 'failed') return this.giveUp(row);
    return 'pending';
  }

  private async resumed(row: ProviderConnectionEntity, outcome: EnsureOutcome): Promise<Action> {
    // Another reconciler ticking at the same moment ensured the same job (one job, by its id) and counted it.
    if (!(await this.rows.countResume(row.id, row.backfillResumes, this.clock.now()))) return 'pending';
    this.logger.log(
      `The ${row.provider} backfill of connection ${row.id} ${outcome === 'added' ? 'had lost its job' : 'had failed'} ` +
        `and goes on where it stopped (resume ${row.backfillResumes + 1} of at most ${MAX_BACKFILL_RESUMES}).`,
    );
    return 'resumed';
  }

  private async restart(row: ProviderConnectionEntity): Promise<Action> {
    const runId = row.backfillRunId as string;
    if (!(await this.rows.restartBackfill(row.id, runId, this.clock.now()))) return 'pending';
    const restarted = await this.rows.findById(row.id);
    if (!restarted?.backfillRunId) return 'pending';
    // A rate limit the stopped run was waiting for still holds: the new run waits for it too.
    const now = this.clock.now();
    const waitMs = row.resumesAtMs !== null && row.resumesAtMs > now ? row.resumesAtMs - now : 0;
    if (waitMs > 0) {
      await this.rows.updateSync(row.id, { syncState: 'rate-limited', resumesAtMs: row.resumesAtMs }, now);
    }
    await this.queue.enqueue(
      'strava-backfill',
      { connectionId: row.id, runId: restarted.backfillRunId, step: stravaBackfillStep(restarted) },
      { delayMs: waitMs },
    );
    this.logger.log(
      `The Strava backfill of connection ${row.id} starts over as run ${restarted.backfillRunId}, skipping ` +
        `activities already held (${row.backfillDone} of ${row.backfillTotal ?? 0} were done; resume ` +
        `${row.backfillResumes + 1} of at most ${MAX_BACKFILL_RESUMES}).`,
    );
    return 'restarted';
  }

  private async giveUp(row: ProviderConnectionEntity): Promise<Action> {
    const now = this.clock.now();
    const done =
      row.provider === 'strava' ? ` (${row.backfillDone} of ${row.backfillTotal ?? '?'} activities in)` : '';
    await this.connections.recordError(
      row.id,
      `The import of your ${row.provider === 'strava' ? 'Strava' : 'Garmin'} history stopped${done}: it did ` +
        'not get further after several attempts. Connect again to retry.',
    );
    await this.rows.updateSync(
      row.id,
      { syncState: 'error', resumesAtMs: null, backfillResumes: MAX_BACKFILL_RESUMES + 1 },
      now,
    );
    this.logger.warn(
      `The ${row.provider} backfill of connection ${row.id} is given up after ${row.backfillResumes} ` +
        'resumes without progress.',
    );
    return 'givenUp';
  }
}
