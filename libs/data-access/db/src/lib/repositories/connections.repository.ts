import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  ProviderConnectionEntity,
  type ConnectionProvider,
  type SyncStateValue,
} from '../entities/provider-connection.entity';
import { isUniqueViolation } from '../transactions';

/** What a completed authorization stores: the tokens already encrypted by the caller. */
export interface ConnectionGrant {
  athleteId: string;
  provider: ConnectionProvider;
  externalAthleteId: string;
  scopes: string[];
  accessTokenEnc: string;
  refreshTokenEnc: string | null;
  tokenExpiresAtMs: number | null;
  atMs: number;
}

export interface EncryptedTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string | null;
  tokenExpiresAtMs: number | null;
}

/** Sync status fields a job updates; the others are left as they are. */
export type SyncStatusPatch = Partial<
  Pick<
    ProviderConnectionEntity,
    | 'syncState'
    | 'lastSyncAtMs'
    | 'backfillDone'
    | 'backfillTotal'
    | 'backfillCursor'
    | 'backfillFinishedAtMs'
    | 'lastErrorMessage'
    | 'lastErrorAtMs'
    | 'resumesAtMs'
    | 'backfillResumes'
  >
>;

/** A page of connections whose history backfill is unfinished, in id order. */
export interface UnfinishedBackfillQuery {
  /** Only connections not updated since (younger ones are being worked on). */
  updatedBeforeMs: number;
  /** Only connections resumed at most this often since their last import. */
  maxResumes: number;
  after?: string;
  limit: number;
}

/** Provider connections: one row per athlete and provider, kept (without tokens) after a disconnect. */
@Injectable()
export class ConnectionsRepository {
  constructor(
    @InjectRepository(ProviderConnectionEntity)
    private readonly connections: Repository<ProviderConnectionEntity>,
  ) {}

  findById(id: string): Promise<ProviderConnectionEntity | null> {
    return this.connections.findOneBy({ id });
  }

  findByAthlete(athleteId: string, provider: ConnectionProvider): Promise<ProviderConnectionEntity | null> {
    return this.connections.findOneBy({ athleteId, provider });
  }

  listByAthlete(athleteId: string): Promise<ProviderConnectionEntity[]> {
    return this.connections.find({ where: { athleteId }, order: { provider: 'ASC' } });
  }

  /** Connections (of any status) that hold this account of the provider. */
  findByExternal(
    provider: ConnectionProvider,
    externalAthleteId: string,
  ): Promise<ProviderConnectionEntity[]> {
    return this.connections.find({ where: { provider, externalAthleteId }, order: { updatedAtMs: 'DESC' } });
  }

  /**
   * Stores a completed authorization as the athlete's active connection of that provider: a new row, or
   * the existing one (a reconnect) with fresh tokens, scopes, status and a new backfill run. The unique
   * (athleteId, provider) index makes two racing callbacks end with one row. Null when another athlete's
   * connection that is not disconnected holds the account (the partial unique index over (provider,
   * externalAthleteId)): then nothing is stored for this athlete.
   */
  async saveGrant(grant: ConnectionGrant): Promise<ProviderConnectionEntity | null> {
    const fresh = {
      status: 'active' as const,
      externalAthleteId: grant.externalAthleteId,
      scopes: grant.scopes,
      accessTokenEnc: grant.accessTokenEnc,
      refreshTokenEnc: grant.refreshTokenEnc,
      tokenExpiresAtMs: grant.tokenExpiresAtMs,
      connectedAtMs: grant.atMs,
      updatedAtMs: grant.atMs,
      syncState: 'idle' as SyncStateValue,
      backfillRunId: randomUUID(),
      backfillDone: 0,
      backfillTotal: null,
      backfillCursor: null,
      backfillFinishedAtMs: null,
      backfillResumes: 0,
      lastErrorMessage: null,
      lastErrorAtMs: null,
      resumesAtMs: null,
    };
    await this.connections
      .createQueryBuilder()
      .insert()
      .values({
        id: randomUUID(),
        athleteId: grant.athleteId,
        provider: grant.provider,
        lastSyncAtMs: null,
        activitiesImported: 0,
        ...fresh,
      })
      .orIgnore()
      .execute();
    // The insert is also ignored when the account is taken: then there is no row to update, or the update
    // of this athlete's earlier (disconnected) row breaks the partial index.
    try {
      await this.connections.update({ athleteId: grant.athleteId, provider: grant.provider }, fresh);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    const row = await this.connections.findOneBy({ athleteId: grant.athleteId, provider: grant.provider });
    return row && row.status === 'active' && row.externalAthleteId === grant.externalAthleteId ? row : null;
  }

  /**
   * Active connections whose backfill run is not finished: its listing is not done, or fewer of its
   * activities are processed than it listed.
   */
  findUnfinishedBackfills(query: UnfinishedBackfillQuery): Promise<ProviderConnectionEntity[]> {
    const builder = this.connections
      .createQueryBuilder('c')
      .where("c.status = 'active' AND c.backfillRunId IS NOT NULL")
      .andWhere('(c.backfillFinishedAtMs IS NULL OR c.backfillDone < COALESCE(c.backfillTotal, 0))')
      .andWhere('c.updatedAtMs < :before AND c.backfillResumes <= :maxResumes', {
        before: query.updatedBeforeMs,
        maxResumes: query.maxResumes,
      })
      .orderBy('c.id', 'ASC')
      .limit(query.limit);
    if (query.after !== undefined) builder.andWhere('c.id > :after', { after: query.after });
    return builder.getMany();
  }

  /**
   * Starts the backfill over as a new run (listing from the newest activity, counts from zero), counting one
   * resume; only if the run is still `expectedRunId`, so two reconcilers racing start one run. False if not.
   */
  async restartBackfill(id: string, expectedRunId: string, atMs: number): Promise<boolean> {
    const result = await this.connections.update(
      { id, backfillRunId: expectedRunId, status: 'active' },
      {
        backfillRunId: randomUUID(),
        backfillCursor: null,
        backfillTotal: null,
        backfillDone: 0,
        backfillFinishedAtMs: null,
        backfillResumes: () => '"backfillResumes" + 1',
        syncState: 'backfilling',
        resumesAtMs: null,
        updatedAtMs: atMs,
      },
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Records one listed page of a backfill run in one statement: the cursor moves on, the page is counted
   * (`done`: its activities already held). Only from the cursor the caller read, so a page taken twice is
   * counted once; false when the run or its cursor moved meanwhile. Listing is not progress for the count of
   * fruitless resumes (it is left as it is): a run started over lists again what earlier runs listed, and
   * only an activity processed (addBackfillDone) shows that the backfill gets further.
   */
  async advanceBackfill(
    id: string,
    page: { runId: string; fromCursor: string | null; toCursor: string; listed: number; done: number },
    atMs: number,
  ): Promise<boolean> {
    const update = this.connections
      .createQueryBuilder()
      .update()
      .set({
        backfillCursor: page.toCursor,
        backfillTotal: () => `COALESCE("backfillTotal", 0) + ${Math.trunc(page.listed)}`,
        backfillDone: () => `"backfillDone" + ${Math.trunc(page.done)}`,
        syncState: 'backfilling',
        resumesAtMs: null,
        updatedAtMs: atMs,
      })
      .where('id = :id AND "backfillRunId" = :runId', { id, runId: page.runId });
    if (page.fromCursor === null) update.andWhere('"backfillCursor" IS NULL');
    else update.andWhere('"backfillCursor" = :from', { from: page.fromCursor });
    const result = await update.execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Counts one resume of the backfill in place (its job was lost or had failed and runs again), only if the
   * count is still the `seenResumes` the caller read: two reconcilers that ensured the same job (one job,
   * by its id) count it once. False when another counted it first.
   */
  async countResume(id: string, seenResumes: number, atMs: number): Promise<boolean> {
    const result = await this.connections.update(
      { id, backfillResumes: seenResumes },
      { backfillResumes: () => '"backfillResumes" + 1', updatedAtMs: atMs },
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Stores renewed tokens, only while the connection is active: a refresh that was in flight when the
   * athlete disconnected (or the provider deauthorized us) must not bring tokens back. False when the
   * connection was no longer active.
   */
  async saveTokens(id: string, tokens: EncryptedTokens, atMs: number): Promise<boolean> {
    const result = await this.connections.update({ id, status: 'active' }, { ...tokens, updatedAtMs: atMs });
    return (result.affected ?? 0) > 0;
  }

  /** Only an active connection can come to need a new consent (a disconnected one stays disconnected). */
  async markNeedsReconsent(id: string, message: string, atMs: number): Promise<void> {
    await this.connections.update(
      { id, status: 'active' },
      {
        status: 'needs-reconsent',
        syncState: 'error',
        lastErrorMessage: message,
        lastErrorAtMs: atMs,
        updatedAtMs: atMs,
      },
    );
  }

  /** Ends the connection and deletes its tokens; the row stays so the athlete sees what happened. */
  async markDisconnected(id: string, message: string | null, atMs: number): Promise<void> {
    await this.connections.update(
      { id },
      {
        status: 'disconnected',
        accessTokenEnc: null,
        refreshTokenEnc: null,
        tokenExpiresAtMs: null,
        syncState: 'idle',
        resumesAtMs: null,
        backfillCursor: null,
        ...(message === null ? {} : { lastErrorMessage: message, lastErrorAtMs: atMs }),
        updatedAtMs: atMs,
      },
    );
  }

  async updateSync(id: string, patch: SyncStatusPatch, atMs: number): Promise<void> {
    await this.connections.update({ id }, { ...patch, updatedAtMs: atMs });
  }

  /** Adds to the imported count atomically (several jobs of one connection may finish at once). */
  async addImported(id: string, count: number): Promise<void> {
    if (count === 0) return;
    await this.connections.increment({ id }, 'activitiesImported', count);
  }

  /**
   * Counts activities processed by the backfill (atomic, several jobs may finish at once). `progress`: they
   * were imported or removed, so the count of fruitless resumes goes back to 0; an activity whose job failed
   * for good is counted as processed (the run can finish) but is no progress.
   */
  async addBackfillDone(id: string, count: number, progress = true): Promise<void> {
    if (count === 0) return;
    await this.connections.update(
      { id },
      {
        backfillDone: () => `"backfillDone" + ${Math.trunc(count)}`,
        ...(progress ? { backfillResumes: 0 } : {}),
      },
    );
  }
}
