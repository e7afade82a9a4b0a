import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { isUniqueViolation, runTransaction } from '../transactions';
import { holdAthlete } from './athlete-lock';
import { ActivitySourceEntity } from '../entities/activity-source.entity';
import { ActivityStreamEntity } from '../entities/activity-stream.entity';
import { ActivityEntity } from '../entities/activity.entity';
import { AuditLogEntity } from '../entities/audit-log.entity';
import { CoachLinkEntity } from '../entities/coach-link.entity';
import { DeletedProviderActivityEntity } from '../entities/deleted-provider-activity.entity';
import { DeletedRunEntity } from '../entities/deleted-run.entity';
import { EmailDeliveryEntity } from '../entities/email-delivery.entity';
import { FindingEntity } from '../entities/finding.entity';
import { InvitationSendEntity } from '../entities/invitation-send.entity';
import { ProviderConnectionEntity } from '../entities/provider-connection.entity';
import { RiskProfileVersionEntity } from '../entities/risk-profile-version.entity';
import { SessionEntity } from '../entities/session.entity';
import { SymptomLogEntity } from '../entities/symptom-log.entity';
import { UploadEntity } from '../entities/upload.entity';
import { UserEntity, type UserRole } from '../entities/user.entity';
import { WeeklyMetricEntity } from '../entities/weekly-metric.entity';

export interface NewUser {
  email: string;
  passwordHash: string;
  role: UserRole;
  displayName: string | null;
}

export type UserSettingsPatch = Partial<
  Pick<
    UserEntity,
    | 'displayName'
    | 'timeZone'
    | 'weekStart'
    | 'units'
    | 'thresholdPaceSPerKm'
    | 'maxHeartRateBpm'
    | 'returnToRun'
    | 'rulesConfig'
    | 'emailPreferences'
  >
>;

/** Everything stored about one account, for the data export. */
export interface AccountData {
  user: UserEntity;
  uploads: UploadEntity[];
  activities: ActivityEntity[];
  activityStreams: ActivityStreamEntity[];
  /** Each provenance of the activities (FIT file, Strava, Garmin), with its own stream. */
  activitySources: ActivitySourceEntity[];
  weeklyMetrics: WeeklyMetricEntity[];
  symptomLogs: SymptomLogEntity[];
  riskProfileVersions: RiskProfileVersionEntity[];
  findings: FindingEntity[];
  coachLinks: CoachLinkEntity[];
  auditLog: AuditLogEntity[];
  /** Rows hold encrypted tokens: callers choose the fields they show. */
  providerConnections: ProviderConnectionEntity[];
  /** The email ledger's rows of emails to this account. */
  emailDeliveries: EmailDeliveryEntity[];
  /** Provider activities the athlete deleted here, which imports refuse (tombstones). */
  deletedProviderActivities: DeletedProviderActivityEntity[];
  /** The time windows of runs the athlete deleted here, whose provider copies imports refuse. */
  deletedRuns: DeletedRunEntity[];
}

/** What `updateSettingsAtomically` saves of the account it read (null: nothing), and what it hands back. */
export interface SettingsDecision<T> {
  patch: UserSettingsPatch | null;
  result: T;
}

const STREAM_PAGE = 500;

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** Creates an account with default settings; null when the email is taken. */
  async create(input: NewUser, nowMs = Date.now()): Promise<UserEntity | null> {
    // Checked first so the usual duplicate is a plain answer, not a failed query; the constraint settles a race.
    if (await this.users.existsBy({ email: input.email.toLowerCase() })) return null;
    const user = this.users.create({
      id: randomUUID(),
      email: input.email.toLowerCase(),
      passwordHash: input.passwordHash,
      role: input.role,
      displayName: input.displayName,
      timeZone: 'UTC',
      weekStart: 'monday',
      units: 'km',
      thresholdPaceSPerKm: null,
      maxHeartRateBpm: null,
      returnToRun: null,
      rulesConfig: null,
      emailPreferences: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    });
    try {
      await this.users.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    return user;
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.users.findBy({ id: In([...new Set(ids)]) });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  /** Applies a settings patch and returns the updated user, or null when the account is gone. */
  async updateSettings(id: string, patch: UserSettingsPatch, nowMs = Date.now()): Promise<UserEntity | null> {
    const result = await this.users.update({ id }, { ...patch, updatedAtMs: nowMs });
    if (!result.affected) return null;
    return this.findById(id);
  }

  /**
   * Reads the account and saves the patch `decide` makes of what it read, in one transaction that holds the
   * row (PostgreSQL: its row lock; SQLite: transactions run one at a time), so that two read-modify-writes of
   * one account's settings (the `emailPreferences` JSON above all) never interleave and none is lost. What
   * `decide` throws rolls back and is thrown; it must not do I/O. Null when the account is gone.
   */
  async updateSettingsAtomically<T>(
    id: string,
    decide: (current: UserEntity) => SettingsDecision<T>,
    nowMs = Date.now(),
  ): Promise<{ user: UserEntity; result: T } | null> {
    return runTransaction(this.users.manager, async (em) => {
      if (!(await holdAthlete(em, id))) return null;
      const current = await em.findOneByOrFail(UserEntity, { id });
      const { patch, result } = decide(current);
      if (patch === null) return { user: current, result };
      await em.update(UserEntity, { id }, { ...patch, updatedAtMs: nowMs });
      return { user: await em.findOneByOrFail(UserEntity, { id }), result };
    });
  }

  /** Sets an account's role (operators' `loadwatch admin`); null when no account has that email. */
  async setRole(email: string, role: UserRole, nowMs = Date.now()): Promise<UserEntity | null> {
    const user = await this.findByEmail(email);
    if (!user) return null;
    await this.users.update({ id: user.id }, { role, updatedAtMs: nowMs });
    return { ...user, role, updatedAtMs: nowMs };
  }

  /** Reads every row that belongs to the account, in one consistent snapshot. */
  async findAccountData(userId: string): Promise<AccountData | null> {
    return runTransaction(this.users.manager, async (em) => {
      const user = await em.findOneBy(UserEntity, { id: userId });
      if (!user) return null;
      const byAthlete = { where: { athleteId: userId } };
      const activities = await em.find(ActivityEntity, { ...byAthlete, order: { startMs: 'ASC' } });
      return {
        user,
        uploads: await em.find(UploadEntity, { ...byAthlete, order: { createdAtMs: 'ASC' } }),
        activities,
        activityStreams: await this.findStreams(em, userId),
        activitySources: await em.find(ActivitySourceEntity, {
          ...byAthlete,
          order: { startMs: 'ASC', sourceKey: 'ASC' },
        }),
        weeklyMetrics: await em.find(WeeklyMetricEntity, { ...byAthlete, order: { weekStart: 'ASC' } }),
        symptomLogs: await em.find(SymptomLogEntity, { ...byAthlete, order: { date: 'ASC' } }),
        riskProfileVersions: await em.find(RiskProfileVersionEntity, {
          ...byAthlete,
          order: { effectiveDate: 'ASC' },
        }),
        findings: await em.find(FindingEntity, { ...byAthlete, order: { createdAtMs: 'ASC' } }),
        coachLinks: await em.find(CoachLinkEntity, {
          where: [{ athleteId: userId }, { coachId: userId }],
          order: { createdAtMs: 'ASC' },
        }),
        auditLog: await em.find(AuditLogEntity, { ...byAthlete, order: { atMs: 'ASC' } }),
        providerConnections: await em.find(ProviderConnectionEntity, {
          ...byAthlete,
          order: { provider: 'ASC' },
        }),
        deletedProviderActivities: await em.find(DeletedProviderActivityEntity, {
          ...byAthlete,
          order: { deletedAtMs: 'ASC', sourceKey: 'ASC' },
        }),
        deletedRuns: await em.find(DeletedRunEntity, { ...byAthlete, order: { startMs: 'ASC' } }),
        emailDeliveries: await em.find(EmailDeliveryEntity, {
          where: { recipientId: userId },
          order: { createdAtMs: 'ASC' },
        }),
      };
    });
  }

  /**
   * Deletes the account and every row keyed by it, in one transaction: its training and health data with
   * every provenance copy of its activities and the tombstones of the provider activities it deleted, its
   * provider connections (encrypted tokens included: the caller deauthorizes at the providers first), its
   * sessions, the emails to it or about it in the email ledger, and coach links on either side (invitations
   * to its email too). Returns false when there was no such account.
   * The ledger rows of invitation emails stay: they name only the (deleted) link, no account or address.
   *
   * Audit rows where it was the reader belong to the athlete whose data was read, so they stay, but their
   * reader becomes a fresh random id: the athlete still sees how often one (now deleted) account read what,
   * and nothing stored leads back to the deleted account.
   */
  async deleteWithAllData(userId: string): Promise<boolean> {
    return runTransaction(this.users.manager, async (em) => {
      // Held to the end (PostgreSQL): an import that locks the same row waits, then finds no athlete.
      const query = em.createQueryBuilder(UserEntity, 'u').where('u.id = :userId', { userId });
      if (em.connection.options.type === 'postgres') query.setLock('pessimistic_write');
      const user = await query.getOne();
      if (!user) return false;
      const activityIds = (
        await em.find(ActivityEntity, { select: { id: true }, where: { athleteId: userId } })
      ).map((a) => a.id);
      for (let i = 0; i < activityIds.length; i += STREAM_PAGE) {
        await em.delete(ActivityStreamEntity, { activityId: In(activityIds.slice(i, i + STREAM_PAGE)) });
      }
      for (const entity of [
        ActivitySourceEntity,
        DeletedProviderActivityEntity,
        DeletedRunEntity,
        ActivityEntity,
        UploadEntity,
        WeeklyMetricEntity,
        SymptomLogEntity,
        RiskProfileVersionEntity,
        FindingEntity,
        AuditLogEntity,
        ProviderConnectionEntity,
        EmailDeliveryEntity,
      ]) {
        await em.delete(entity, { athleteId: userId });
      }
      await em.delete(EmailDeliveryEntity, { recipientId: userId });
      await em.update(AuditLogEntity, { actorId: userId }, { actorId: randomUUID() });
      await em.delete(InvitationSendEntity, { coachId: userId });
      await em.delete(SessionEntity, { userId });
      await em.delete(CoachLinkEntity, { coachId: userId });
      await em.delete(CoachLinkEntity, { athleteId: userId });
      await em.delete(CoachLinkEntity, { inviteEmail: user.email });
      await em.delete(UserEntity, { id: userId });
      return true;
    });
  }

  private findStreams(em: EntityManager, athleteId: string): Promise<ActivityStreamEntity[]> {
    return em
      .createQueryBuilder(ActivityStreamEntity, 'stream')
      .innerJoin(ActivityEntity, 'activity', 'activity.id = stream.activityId')
      .where('activity.athleteId = :athleteId', { athleteId })
      .orderBy('activity.startMs', 'ASC')
      .getMany();
  }
}
