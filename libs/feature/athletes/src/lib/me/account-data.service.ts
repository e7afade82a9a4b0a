import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { UsersRepository, type ProviderConnectionEntity } from '@loadwatch/data-access/db';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import type { AccountExport, ExportedConnection } from '@loadwatch/shared/contracts';
import { toCoachLinkView } from '../coaching/coach-link-view';
import { AccountDeletionHooks } from './account-deletion-hooks';
import { toMeResponse } from './me-view';

/** The athlete's right to their data: all of it as one JSON document, or all of it gone. */
@Injectable()
export class AccountDataService {
  private readonly logger = new Logger(AccountDataService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly deletionHooks: AccountDeletionHooks,
  ) {}

  async export(userId: string, nowMs = Date.now()): Promise<AccountExport> {
    const data = await this.users.findAccountData(userId);
    if (!data) throw new NotFoundException('The account no longer exists');
    this.logger.log(`Account ${userId} exported its data.`);
    return {
      format: 'loadwatch-account-export',
      version: 1,
      exportedAt: new Date(nowMs).toISOString(),
      account: {
        ...toMeResponse(data.user),
        rulesConfig: data.user.rulesConfig,
      },
      uploads: data.uploads.map((row) => ({ ...row })),
      activities: data.activities.map((row) => ({ ...row })),
      activityStreams: data.activityStreams.map((row) => ({ ...row })),
      activitySources: data.activitySources.map((row) => ({ ...row })),
      weeklyMetrics: data.weeklyMetrics.map((row) => ({ ...row })),
      symptomLogs: data.symptomLogs.map((row) => ({ ...row })),
      riskProfileVersions: data.riskProfileVersions.map((row) => ({ ...row })),
      findings: data.findings.map((row) => ({ ...row })),
      coachLinks: data.coachLinks.map(toCoachLinkView),
      healthDataReads: data.auditLog.map((read) => ({
        actorId: read.actorId,
        action: read.action,
        at: new Date(read.atMs).toISOString(),
      })),
      connections: data.providerConnections.map(toExportedConnection),
      emails: data.emailDeliveries.map((email) => ({
        kind: email.kind,
        status: email.status,
        reason: email.reason,
        createdAt: new Date(email.createdAtMs).toISOString(),
        sentAt: iso(email.sentAtMs),
      })),
      deletedProviderActivities: data.deletedProviderActivities.map((row) => ({
        source: row.source,
        externalId: row.externalId,
        deletedAt: new Date(row.deletedAtMs).toISOString(),
      })),
      deletedRuns: data.deletedRuns.map((row) => ({
        start: new Date(row.startMs).toISOString(),
        movingTimeS: row.movingTimeS,
        elapsedTimeS: row.elapsedTimeS,
        deletedAt: new Date(row.deletedAtMs).toISOString(),
      })),
    };
  }

  /**
   * Runs the deletion hooks (provider deauthorization: best effort, bounded in time), then deletes the account
   * and its rows in one transaction, then its stored upload files. The files go last: if removing them fails,
   * the account is already gone and the error is logged for an operator.
   */
  async delete(userId: string): Promise<void> {
    if (!(await this.users.findById(userId))) throw new NotFoundException('The account no longer exists');
    await this.deletionHooks.runBeforeDeletion(userId);
    if (!(await this.users.deleteWithAllData(userId)))
      throw new NotFoundException('The account no longer exists');
    const folder = join(this.config.uploads.dir, userId);
    try {
      await rm(folder, { recursive: true, force: true });
    } catch (error) {
      this.logger.error(
        `Account ${userId} was deleted but its upload folder ${folder} could not be removed: ${(error as Error).message}`,
      );
    }
    this.logger.log(`Account ${userId} deleted with all its data.`);
  }
}

/** A connection as the athlete may take it away: what, since when and how it went; never its tokens. */
function toExportedConnection(row: ProviderConnectionEntity): ExportedConnection {
  return {
    provider: row.provider,
    status: row.status,
    externalAthleteId: row.externalAthleteId,
    scopes: row.scopes,
    connectedAt: new Date(row.connectedAtMs).toISOString(),
    updatedAt: new Date(row.updatedAtMs).toISOString(),
    lastSyncAt: iso(row.lastSyncAtMs),
    activitiesImported: row.activitiesImported,
    backfillFinishedAt: iso(row.backfillFinishedAtMs),
    lastError: row.lastErrorMessage,
    lastErrorAt: iso(row.lastErrorAtMs),
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
