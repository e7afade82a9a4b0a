import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, type Repository } from 'typeorm';
import { ActivityEntity } from '../entities/activity.entity';
import { CoachLinkEntity } from '../entities/coach-link.entity';
import { FindingEntity } from '../entities/finding.entity';
import { SymptomLogEntity } from '../entities/symptom-log.entity';
import { UserEntity } from '../entities/user.entity';
import { WeeklyMetricEntity } from '../entities/weekly-metric.entity';

export interface LinkedAthlete {
  linkId: string;
  athleteId: string;
  displayName: string | null;
  email: string;
  timeZone: string;
  weekStart: UserEntity['weekStart'];
  healthAccess: boolean;
  acceptedAtMs: number | null;
}

export type RosterWeek = Pick<
  WeeklyMetricEntity,
  'athleteId' | 'weekStart' | 'runs' | 'distanceM' | 'ramp' | 'speedShare' | 'coverage' | 'complete'
>;

export interface SeverityCount {
  athleteId: string;
  severity: string;
  count: number;
}

/** Symptom regions that make a log "back pain" (spec/rules.md section 1), with severity >= 1. */
export const BACK_PAIN_REGIONS = ['low_back', 'sacrum_buttock'];

/**
 * Read-only queries behind a coach's roster, over many athletes at once (one query per kind, never one per
 * athlete). Which athletes may show which data is the caller's decision; these only filter as told.
 */
@Injectable()
export class RosterRepository {
  constructor(
    @InjectRepository(CoachLinkEntity) private readonly links: Repository<CoachLinkEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(WeeklyMetricEntity) private readonly weeks: Repository<WeeklyMetricEntity>,
    @InjectRepository(FindingEntity) private readonly findings: Repository<FindingEntity>,
    @InjectRepository(SymptomLogEntity) private readonly symptoms: Repository<SymptomLogEntity>,
    @InjectRepository(ActivityEntity) private readonly activities: Repository<ActivityEntity>,
  ) {}

  /** Athletes who accepted this coach's link (and have not revoked it). */
  async findLinkedAthletes(coachId: string): Promise<LinkedAthlete[]> {
    const links = await this.links.findBy({ coachId, status: 'accepted' });
    const athleteIds = links.map((link) => link.athleteId).filter((id): id is string => id !== null);
    if (athleteIds.length === 0) return [];
    const users = new Map((await this.users.findBy({ id: In(athleteIds) })).map((user) => [user.id, user]));
    return links.flatMap((link) => {
      const user = link.athleteId === null ? undefined : users.get(link.athleteId);
      if (!user) return [];
      return [
        {
          linkId: link.id,
          athleteId: user.id,
          displayName: user.displayName,
          email: user.email,
          timeZone: user.timeZone,
          weekStart: user.weekStart,
          healthAccess: link.healthAccess,
          acceptedAtMs: link.acceptedAtMs,
        },
      ];
    });
  }

  /**
   * The stored weeks of these athletes that start on one of these dates (without the full metrics JSON), as a
   * coach sees them: a week's stored coach view where it differs (spec/rules.md section 7). A week whose coach
   * view was never computed comes as stored, which is right only for an athlete without Strava-only runs: the
   * roster reads the others' through CoachLoadViewService.
   */
  async findWeeks(athleteIds: string[], weekStarts: string[]): Promise<RosterWeek[]> {
    if (athleteIds.length === 0 || weekStarts.length === 0) return [];
    const rows = await this.weeks.find({
      select: {
        athleteId: true,
        weekStart: true,
        runs: true,
        distanceM: true,
        ramp: true,
        speedShare: true,
        coverage: true,
        complete: true,
        coachView: true,
      },
      where: { athleteId: In(athleteIds), weekStart: In([...new Set(weekStarts)]) },
    });
    return rows.flatMap(({ coachView, ...row }): RosterWeek[] => {
      if (!coachView || 'same' in coachView) return [row];
      const { week } = coachView;
      if (!week) return [];
      const { runs, distanceM, ramp, speedShare, coverage, complete } = week;
      return [{ ...row, runs, distanceM, ramp, speedShare, coverage, complete }];
    });
  }

  /**
   * Open findings per athlete and severity. Athletes in `allRulesFor` count every rule; the others only
   * `limitedToRules`.
   */
  async countOpenFindings(
    athleteIds: string[],
    allRulesFor: string[],
    limitedToRules: readonly string[],
  ): Promise<SeverityCount[]> {
    if (athleteIds.length === 0) return [];
    const query = this.findings
      .createQueryBuilder('finding')
      .select('finding.athleteId', 'athleteId')
      .addSelect('finding.severity', 'severity')
      .addSelect('COUNT(*)', 'count')
      .where('finding.athleteId IN (:...athleteIds)', { athleteIds })
      .andWhere('finding.status = :open', { open: 'open' })
      .andWhere(
        new Brackets((visible) => {
          visible.where('finding.rule IN (:...rules)', { rules: [...limitedToRules] });
          if (allRulesFor.length > 0)
            visible.orWhere('finding.athleteId IN (:...allRulesFor)', { allRulesFor });
        }),
      )
      .groupBy('finding.athleteId')
      .addGroupBy('finding.severity');
    const rows = await query.getRawMany<{ athleteId: string; severity: string; count: string | number }>();
    return rows.map((row) => ({
      athleteId: row.athleteId,
      severity: row.severity,
      count: Number(row.count),
    }));
  }

  /** Each athlete's latest back-pain log date (health data: pass only athletes whose data may be shown). */
  async findLastBackPainDates(athleteIds: string[]): Promise<Map<string, string>> {
    if (athleteIds.length === 0) return new Map();
    const rows = await this.symptoms
      .createQueryBuilder('log')
      .select('log.athleteId', 'athleteId')
      .addSelect('MAX(log.date)', 'date')
      .where('log.athleteId IN (:...athleteIds)', { athleteIds })
      .andWhere('log.region IN (:...regions)', { regions: BACK_PAIN_REGIONS })
      .andWhere('log.severity >= 1')
      .groupBy('log.athleteId')
      .getRawMany<{ athleteId: string; date: string }>();
    return new Map(rows.map((row) => [row.athleteId, row.date]));
  }

  /** Each athlete's latest activity start (epoch ms), leaving out activities from the given sources. */
  async findLatestActivityStarts(
    athleteIds: string[],
    excludeSources: string[],
  ): Promise<Map<string, number>> {
    if (athleteIds.length === 0) return new Map();
    const query = this.activities
      .createQueryBuilder('activity')
      .select('activity.athleteId', 'athleteId')
      .addSelect('MAX(activity.startMs)', 'startMs')
      .where('activity.athleteId IN (:...athleteIds)', { athleteIds })
      .groupBy('activity.athleteId');
    if (excludeSources.length > 0)
      query.andWhere('activity.source NOT IN (:...excludeSources)', { excludeSources });
    const rows = await query.getRawMany<{ athleteId: string; startMs: string | number }>();
    return new Map(rows.map((row) => [row.athleteId, Number(row.startMs)]));
  }
}
