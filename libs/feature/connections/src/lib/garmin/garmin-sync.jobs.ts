import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { UploadsRepository, type ProviderConnectionEntity } from '@loadwatch/data-access/db';
import {
  JobRegistry,
  PermanentJobError,
  RetryLaterError,
  type GarminBackfillPayload,
  type GarminDeregisterPayload,
  type GarminFilePayload,
  type GarminPermissionsPayload,
  type GarminPullPayload,
  type GarminSummaryPayload,
  type JobContext,
} from '@loadwatch/data-access/queue';
import { ProviderActivitiesService, UploadsService } from '@loadwatch/feature/ingestion';
import {
  GarminApiError,
  garminActivityId,
  toActivity,
  type GarminActivitySummary,
} from '@loadwatch/integrations/garmin';
import { ConnectionsService, ConnectionUnavailableError, isNewSource } from '../connections.service';
import { TokenCipher } from '../token-cipher';
import { GarminFileStash } from './garmin-file-stash';
import { ACTIVITY_EXPORT, BACKFILL_WINDOW_S, garminBackfillWindow } from './garmin.adapter';
import { GarminApi } from './garmin-api.service';

/** A Garmin activity id as a file key (ids from notifications are not trusted as path parts). */
const GARMIN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The TokenCipher purpose of callback URLs in job payloads. */
export const CALLBACK_URL_PURPOSE = 'garmin-callback-url';

/**
 * The Garmin jobs of the `sync` queue (the notifications were answered before). Errors: a gone connection
 * or a refused URL stops the job for good with the reason recorded on the connection; a 401 renews the
 * token and retries; a 5xx, 429, malformed body or network failure is recorded and retried with backoff.
 */
@Injectable()
export class GarminSyncJobs implements OnModuleInit {
  private readonly logger = new Logger(GarminSyncJobs.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly api: GarminApi,
    private readonly connections: ConnectionsService,
    private readonly activities: ProviderActivitiesService,
    private readonly uploads: UploadsService,
    private readonly uploadRows: UploadsRepository,
    private readonly cipher: TokenCipher,
    private readonly stash: GarminFileStash,
  ) {}

  onModuleInit(): void {
    this.registry.register('garmin-backfill', (p) => this.handleBackfill(p));
    this.registry.register('garmin-pull', (p) => this.handlePull(p));
    this.registry.register('garmin-summary', (p) => this.handleSummary(p));
    this.registry.register('garmin-file', (p, context) => this.handleFile(p, context));
    this.registry.register('garmin-deregister', (p) => this.handleDeregister(p));
    this.registry.register('garmin-permissions', (p) => this.handlePermissions(p));
  }

  /**
   * Requests the history window by window; Garmin answers 202 and later sends it as notifications. The
   * cursor on the connection is the next window's start, so a resumed request goes on where it stopped (a
   * window asked twice is answered 409, taken as done); when all are asked the backfill run is finished.
   */
  async handleBackfill({ connectionId, fromS, toS }: GarminBackfillPayload): Promise<void> {
    const row = await this.connections.findById(connectionId);
    if (!row || row.status !== 'active') {
      this.logger.log(`Garmin backfill of connection ${connectionId} skipped: the connection is not active.`);
      return;
    }
    const window = garminBackfillWindow(row, this.api.settings.backfillDays);
    if (row.backfillFinishedAtMs !== null || window.fromS !== fromS || window.toS !== toS) {
      this.logger.log(`Garmin backfill ${fromS}-${toS} of connection ${connectionId} is over; skipped.`);
      return;
    }
    await this.run(row, 'request the history', async (token) => {
      const end = Number(toS);
      const from = Math.max(Number(fromS), Number(row.backfillCursor ?? fromS));
      for (let start = from; start < end; start += BACKFILL_WINDOW_S) {
        const answer = await this.api.client.requestBackfill(
          token,
          start,
          Math.min(start + BACKFILL_WINDOW_S, end),
        );
        await this.connections.recordSync(row.id, {
          backfillCursor: String(start + BACKFILL_WINDOW_S),
          backfillResumes: 0,
        });
        this.logger.log(`Garmin backfill from ${start} for connection ${row.id}: ${answer}.`);
      }
      await this.connections.recordSync(row.id, { backfillCursor: null, backfillFinishedAtMs: Date.now() });
      return 0;
    });
  }

  /** A ping: the summaries at its callback URL, each imported as the Garmin provenance of its activity. */
  async handlePull({ userId, sealedCallbackUrl }: GarminPullPayload): Promise<void> {
    const row = await this.activeConnection(userId, 'summary ping');
    if (!row) return;
    const url = this.cipher.open(sealedCallbackUrl, CALLBACK_URL_PURPOSE);
    await this.run(row, 'fetch activity summaries', async (token) => {
      const summaries = await this.api.client.pullSummaries(url, token);
      return this.importSummaries(row, summaries);
    });
  }

  async handleSummary({ userId, summaryJson }: GarminSummaryPayload): Promise<void> {
    const row = await this.activeConnection(userId, 'pushed summary');
    if (!row) return;
    const imported = await this.importSummaries(row, [JSON.parse(summaryJson) as GarminActivitySummary]);
    await this.connections.recordSuccess(row.id, imported);
  }

  /**
   * Downloads an activity file once from its one-time URL and takes it in like an upload (bytes stored
   * first, then `ingest-fit` with the Garmin provenance). Garmin answers a second download 410: if the file
   * is already stored that is success (a retried job), otherwise the file is lost for good, and that is the
   * recorded reason. So the downloaded bytes go to the GarminFileStash before anything that can fail, and a
   * retried job takes them from there instead of downloading again; a job that fails for good (a permanent
   * error, or its last attempt) or finds the connection no longer active deletes them. Only FIT files are
   * read; TCX and GPX notices are skipped. The file counts as imported only when it brings a run Loadwatch
   * did not have from Garmin (no Garmin summary of it, no earlier delivery of the file): the summary of the
   * same run, imported before or after, counts it otherwise (importSummaries).
   */
  async handleFile(payload: GarminFilePayload, context: JobContext = { attempt: 1 }): Promise<void> {
    try {
      await this.takeFile(payload);
    } catch (error) {
      const forGood =
        error instanceof PermanentJobError || (context.final === true && !(error instanceof RetryLaterError));
      const row = forGood ? await this.connections.findByExternal('garmin', payload.userId) : null;
      if (row && GARMIN_ID.test(payload.activityId))
        await this.stash.remove(row.athleteId, payload.activityId);
      throw error;
    }
  }

  private async takeFile({
    userId,
    summaryId,
    activityId,
    fileType,
    sealedCallbackUrl,
  }: GarminFilePayload): Promise<void> {
    const row = await this.connections.findByExternal('garmin', userId);
    if (row?.status !== 'active') {
      this.logger.log('Garmin activity file for a user without an active connection: skipped.');
      if (row && GARMIN_ID.test(activityId)) await this.stash.remove(row.athleteId, activityId);
      return;
    }
    if (fileType.toUpperCase() !== 'FIT') {
      this.logger.log(`Garmin file ${summaryId} of connection ${row.id} is ${fileType}, not FIT: skipped.`);
      return;
    }
    if (!GARMIN_ID.test(activityId)) {
      throw new PermanentJobError(`Garmin file ${summaryId} names no usable activity id.`);
    }
    if (await this.activities.deletedByAthlete(row.athleteId, 'garmin', activityId)) {
      // The athlete deleted this run in Loadwatch: its file (GPS, heart rate) is neither fetched nor kept.
      // A deletion landing after this check is still honoured by the import (ingest-fit stores no activity).
      await this.stash.remove(row.athleteId, activityId);
      this.logger.log(`Garmin file of activity ${activityId} of connection ${row.id}: deleted-by-athlete.`);
      return;
    }
    const url = this.cipher.open(sealedCallbackUrl, CALLBACK_URL_PURPOSE);
    await this.run(row, `download the file of activity ${activityId}`, async (token) => {
      let bytes = await this.stash.read(row.athleteId, activityId);
      if (!bytes) {
        try {
          bytes = await this.api.client.downloadFile(url, token);
        } catch (error) {
          if (!(error instanceof GarminApiError && error.kind === 'gone')) throw error;
          if (await this.uploadRows.findProviderFile(row.athleteId, 'garmin', activityId)) return 0;
          throw new PermanentJobError(
            `Garmin's one-time file URL of activity ${activityId} was already used or has expired (410).`,
          );
        }
        await this.stash.write(row.athleteId, activityId, bytes);
      }
      const known =
        (await this.activities.storedExternalIds(row.athleteId, 'garmin', [activityId])).size > 0 ||
        (await this.uploadRows.findProviderFile(row.athleteId, 'garmin', activityId)) !== null;
      await this.uploads.acceptProviderFile({
        athleteId: row.athleteId,
        provider: 'garmin',
        externalId: activityId,
        fileName: `garmin-${activityId}.fit`,
        bytes,
      });
      await this.stash.remove(row.athleteId, activityId);
      return known ? 0 : 1;
    });
  }

  /**
   * The user disconnected us in Garmin Connect: the connection ends and its tokens are deleted
   * (activity-apis.md §2.5: "Delete the tokens and stop"). Notifications reach us only through the secret
   * notification URL, so this one is Garmin's and is honoured as it is: not confirmed with our token, since
   * a token or refresh that still answers after the user withdrew consent must not keep the connection. A
   * notification received before the connection was made (a late retry from an earlier connection of the
   * same user) is ignored.
   */
  async handleDeregister({ userId, receivedAtMs }: GarminDeregisterPayload): Promise<void> {
    const row = await this.connections.findByExternal('garmin', userId);
    if (!row) return;
    if (Number(receivedAtMs) < row.connectedAtMs) {
      this.logger.log(`A Garmin deregistration older than connection ${row.id}: ignored.`);
      return;
    }
    await this.connections.markDisconnected(row.id, 'Garmin Connect ended the connection.');
    await this.stash.removeAll(row.athleteId);
  }

  /**
   * Activity sharing turned off: nothing more can sync until the athlete connects again. The notification
   * only prompts the check: the permissions that count are those Garmin gives our token
   * (`GET /user/permissions`), not those in the notification.
   */
  async handlePermissions({ userId }: GarminPermissionsPayload): Promise<void> {
    const row = await this.activeConnection(userId, 'permission change');
    if (!row) return;
    let permissions: string[] = [];
    await this.run(row, 'read the permissions', async (token) => {
      permissions = await this.api.client.permissions(token);
      return 0;
    });
    if (permissions.includes(ACTIVITY_EXPORT)) {
      this.logger.log(`Garmin connection ${row.id} still shares activities.`);
      return;
    }
    await this.connections.markNeedsReconsent(
      row.id,
      'Activity sharing was turned off in Garmin Connect: connect again to sync activities.',
    );
  }

  /**
   * The summaries' runs new to Loadwatch (created, or merged into an activity of another source), except
   * those whose activity file was delivered first: the file counted them (handleFile).
   */
  private async importSummaries(
    row: ProviderConnectionEntity,
    summaries: GarminActivitySummary[],
  ): Promise<number> {
    let imported = 0;
    for (const summary of summaries) {
      const activity = toActivity(summary);
      if (!activity) {
        this.logger.warn(`Garmin summary ${summary.summaryId} has no start time: skipped.`);
        continue;
      }
      const result = await this.activities.importProviderActivity({
        athleteId: row.athleteId,
        provider: 'garmin',
        externalId: garminActivityId(summary),
        activity,
      });
      if (!isNewSource(result.outcome)) continue;
      const fileFirst = await this.uploadRows.findProviderFile(
        row.athleteId,
        'garmin',
        garminActivityId(summary),
      );
      if (!fileFirst) imported += 1;
    }
    return imported;
  }

  private async activeConnection(userId: string, what: string): Promise<ProviderConnectionEntity | null> {
    const row = await this.connections.findByExternal('garmin', userId);
    if (row?.status === 'active') return row;
    this.logger.log(`Garmin ${what} for a user without an active connection: skipped.`);
    return null;
  }

  /** Runs a call with a valid token, classifying its failure (the class comment) and recording it. */
  private async run(
    row: ProviderConnectionEntity,
    what: string,
    work: (token: string) => Promise<number>,
  ): Promise<void> {
    const started = performance.now();
    try {
      const token = await this.connections.accessToken(row.id);
      const count = await work(token);
      await this.connections.recordSuccess(row.id, count);
      this.logger.log(
        `Garmin connection ${row.id}: ${what} done in ${Math.round(performance.now() - started)} ms (${count}).`,
      );
    } catch (error) {
      if (error instanceof ConnectionUnavailableError) throw new PermanentJobError(error.message);
      const message = `Could not ${what}: ${(error as Error).message}`;
      await this.connections.recordError(row.id, message);
      if (error instanceof PermanentJobError) throw error;
      if (error instanceof GarminApiError) {
        if (error.kind === 'unauthorized') {
          await this.connections.forceRefresh(row.id).catch((refreshError: unknown) => {
            if (refreshError instanceof ConnectionUnavailableError) {
              throw new PermanentJobError(refreshError.message);
            }
            throw refreshError;
          });
          throw error;
        }
        if (!error.transient) throw new PermanentJobError(message);
      }
      throw error;
    }
  }
}
