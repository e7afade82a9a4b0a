import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  FindingsRepository,
  RiskProfilesRepository,
  type FindingsApplied,
  SymptomLogsRepository,
  UsersRepository,
  type ActivityEntity,
  type FindingEntity,
  type RiskProfileVersionEntity,
  type SymptomLogEntity,
} from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  JobRegistry,
  PermanentJobError,
  type AlertSeverity,
  type EvaluateRulesPayload,
  type JobQueue,
} from '@loadwatch/data-access/queue';
import {
  evaluateRules,
  reconcileFindings,
  RulesConfigError,
  RulesInputError,
  type Finding,
  type ReconcileContext,
  type RulesConfigOverrides,
  type RiskProfileVersion,
} from '@loadwatch/domain/rules';
import { CLOCK, LoadReportService, type Clock } from '@loadwatch/feature/load';
import { toStoredFinding } from './findings/finding-views';
import { toRiskProfileVersions } from './health-input';
import { toSymptomLog } from './symptoms/symptom-log-views';

/**
 * `evaluate-rules` (design.md, data flow step 4): runs the rules over the athlete's load report, symptom logs
 * and risk profile as of today in the athlete's time zone, and reconciles the result with the stored
 * findings: new ones inserted, changed ones updated, those whose cause is gone retracted with the reason
 * (never deleted), retracted ones supported again reopened. Idempotent by (athlete, rule, anchor).
 * Health details are never logged: counts and ids only.
 */
@Injectable()
export class EvaluateRulesJob implements OnModuleInit {
  private readonly logger = new Logger(EvaluateRulesJob.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly users: UsersRepository,
    private readonly symptomLogs: SymptomLogsRepository,
    private readonly riskProfiles: RiskProfilesRepository,
    private readonly findings: FindingsRepository,
    private readonly loadReports: LoadReportService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.registry.register('evaluate-rules', (payload) => this.handleEvaluateRules(payload));
  }

  async handleEvaluateRules({ athleteId }: EvaluateRulesPayload): Promise<void> {
    const started = performance.now();
    this.logger.log(`Evaluating the rules for athlete ${athleteId}.`);
    const athlete = await this.users.findById(athleteId);
    if (!athlete) throw new PermanentJobError(`Athlete ${athleteId} does not exist.`);
    const logs = await this.symptomLogs.findAllForAthlete(athleteId);
    const versions = await this.riskProfiles.listByAthlete(athleteId);
    const { asOf, report, activities } = await this.loadReports.build(
      athlete,
      logs.map((log) => log.date),
    );

    let current: Finding[];
    try {
      current = evaluateRules({
        athleteId,
        load: report,
        logs: logs.map(toSymptomLog),
        profileVersions: profileVersionsOf(athleteId, versions),
        returnToRun: athlete.returnToRun,
        evaluationDate: asOf,
        config: (athlete.rulesConfig ?? undefined) as RulesConfigOverrides | undefined,
      });
    } catch (error) {
      // Stored inputs that no longer validate cannot get better by retrying. The issues quote health
      // values, so only their number is told.
      if (error instanceof RulesInputError) {
        throw new PermanentJobError(
          `The rules input of athlete ${athleteId} is invalid (${error.issues.length} problems).`,
        );
      }
      if (error instanceof RulesConfigError) {
        throw new PermanentJobError(`The thresholds of athlete ${athleteId} are invalid: ${error.message}`);
      }
      throw error;
    }

    const stored = (await this.findings.findAllForAthlete(athleteId)).map((row) => ({
      row,
      finding: toStoredFinding(row),
    }));
    const reconciliation = reconcileFindings(
      stored.map(({ finding }) => finding),
      current,
    );
    const rowOf = new Map(stored.map(({ row, finding }) => [finding.id, row]));
    const causes = new Causes(activities, logs, versions);
    const applied = await this.findings.apply(
      athleteId,
      {
        upsert: [...reconciliation.insert, ...reconciliation.update],
        retract: reconciliation.retract.map(({ id, finding }) => ({
          finding,
          reason: retractionReason(finding, causes.of(rowOf.get(id) as FindingEntity)),
        })),
      },
      this.clock.now(),
    );
    this.logger.log(
      `Evaluated the rules for athlete ${athleteId} as of ${asOf} in ${Math.round(performance.now() - started)} ms: ` +
        `${current.length} findings, ${applied.inserted} new, ${applied.updated} updated, ` +
        `${applied.retracted} retracted, ${reconciliation.unchanged.length} unchanged.`,
    );
    await this.enqueueAlerts(athleteId, applied.severityChanges);
  }

  /**
   * Emails at once (spec/rules.md section 6) for findings that became urgent or warning: new ones, and ones
   * whose severity rose into those (R13 turning urgent). The findings are committed: should the queue be
   * unavailable, this throws and the retried evaluation enqueues them (the job ids and the email ledger keep
   * it to one email each).
   */
  private async enqueueAlerts(athleteId: string, changes: FindingsApplied['severityChanges']): Promise<void> {
    const rank = (severity: string | null) => (severity === null ? 0 : (ALERT_RANK[severity] ?? 0));
    const alerts = changes.filter(
      (change): change is typeof change & { severity: AlertSeverity } =>
        rank(change.severity) > rank(change.previous),
    );
    for (const { id, severity } of alerts) {
      await this.queue.enqueue('notify-finding', { findingId: id, severity });
    }
    if (alerts.length > 0) this.logger.log(`Enqueued ${alerts.length} alerts for athlete ${athleteId}.`);
  }
}

/** Severities emailed at once, by rank; others wait for the digest. */
const ALERT_RANK: Record<string, number | undefined> = { warning: 1, urgent: 2 };

function profileVersionsOf(
  athleteId: string,
  versions: readonly RiskProfileVersionEntity[],
): RiskProfileVersion[] {
  try {
    return toRiskProfileVersions(versions);
  } catch (error) {
    if (!(error instanceof RulesInputError)) throw error;
    throw new PermanentJobError(
      `A stored risk profile of athlete ${athleteId} is invalid (${error.issues.length} problems).`,
    );
  }
}

/** The rules lib's reason for retracting one finding, given what changed since it was last written. */
function retractionReason(finding: Finding, context: ReconcileContext): string {
  const [retraction] = reconcileFindings([{ ...finding, status: 'open' }], [], context).retract;
  return retraction.reason;
}

/**
 * What changed since a stored finding was last written, among the activities, logs and profile versions it
 * rests on: gone (deleted) or written after it (changed, edited).
 */
class Causes {
  private readonly activityChanged: Map<string, number>;
  private readonly logChanged: Map<string, number>;
  private readonly profileSaved: Map<string, number>;

  constructor(
    activities: readonly ActivityEntity[],
    logs: readonly SymptomLogEntity[],
    versions: readonly RiskProfileVersionEntity[],
  ) {
    this.activityChanged = new Map(activities.map((a) => [a.id, a.updatedAtMs]));
    this.logChanged = new Map(logs.map((log) => [log.id, log.updatedAtMs]));
    this.profileSaved = new Map(versions.map((v) => [v.effectiveDate, v.createdAtMs]));
  }

  of(row: FindingEntity): ReconcileContext {
    const since = row.updatedAtMs;
    const { activityIds, logIds, profileDate, profileDates } = row.evidence;
    const refs = (kind: string, ids: readonly unknown[]) =>
      [...(row.anchorKind === kind ? [row.anchorId] : []), ...ids].filter(
        (id): id is string => typeof id === 'string',
      );
    const gone = (ids: string[], known: Map<string, number>) => ids.filter((id) => !known.has(id));
    const newer = (ids: string[], known: Map<string, number>) =>
      ids.filter((id) => (known.get(id) ?? -Infinity) > since);
    const activities = refs('run', activityIds ?? []);
    const logs = refs('symptom', logIds ?? []);
    const dates = refs('profile', [profileDate, ...(Array.isArray(profileDates) ? profileDates : [])]);
    return {
      deletedActivityIds: gone(activities, this.activityChanged),
      changedActivityIds: newer(activities, this.activityChanged),
      deletedLogIds: gone(logs, this.logChanged),
      editedLogIds: newer(logs, this.logChanged),
      changedProfileDates: [...gone(dates, this.profileSaved), ...newer(dates, this.profileSaved)],
    };
  }
}
