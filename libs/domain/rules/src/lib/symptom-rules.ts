import { findBackPainEpisodes } from './back-pain-episodes';
import { makeFinding, type EvaluationContext } from './evaluation-context';
import type { Finding, FindingAnchor, Relation } from './finding';
import type { SpikeEvent } from './load-rules';
import { addDays, daysBetween } from './local-date';
import { profileVersionOn } from './risk-profile';
import { assessRiskProfile } from './risk-score';
import { isBackPain, type NeurologicalFlag, type SymptomLog, type SystemicFlag } from './symptom-log';

const CAUDA_EQUINA_FLAGS: readonly NeurologicalFlag[] = [
  'saddle_numbness',
  'bladder_or_bowel_change',
  'sexual_dysfunction',
  'both_legs_numb_or_weak',
];
const ONE_SIDED_LEG_FLAGS: readonly NeurologicalFlag[] = ['leg_numbness_one_side', 'leg_weakness_one_side'];
const SYSTEMIC_RED_FLAGS: readonly SystemicFlag[] = [
  'fever',
  'unexplained_weight_loss',
  'cancer_history',
  'recent_trauma',
];

/** R09-R16: the rules on symptom logs, alone or against spike events (spec/rules.md sections 3 and 5). */
export function evaluateSymptomRules(ctx: EvaluationContext, spikeEvents: readonly SpikeEvent[]): Finding[] {
  return [
    ...painAfterSpikes(ctx, spikeEvents),
    ...boneTypePain(ctx, spikeEvents),
    ...redFlags(ctx),
    ...severeOrLasting(ctx),
    ...lastingEpisodes(ctx),
  ];
}

/** Spike events dated 0 to `days` days before `date`, oldest first. */
function spikesBefore(spikeEvents: readonly SpikeEvent[], date: string, days: number): SpikeEvent[] {
  const from = addDays(date, -days);
  return spikeEvents
    .filter((event) => event.date >= from && event.date <= date)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** What a log's evidence says about the latest spike event before it. */
function nearestSpike(events: readonly SpikeEvent[], logDate: string) {
  const date = events[events.length - 1].date;
  const onDate = events.filter((event) => event.date === date);
  return {
    date,
    days: daysBetween(date, logDate),
    rules: [...new Set(onDate.map((event) => event.rule))].sort(),
    activityIds: onDate.flatMap((event) => event.activityIds),
  };
}

/**
 * R09 and R10: back pain 0-28 days after a spike event. The finding is dated as the log and names the latest
 * spike event before it in its evidence ("likely related" up to 14 days, "possibly" after). The "third or later day with back pain" counts the
 * distinct back-pain dates from the earliest spike event in the window up to the log, so that a second jump
 * does not reset the count. R10 replaces R09 for that log.
 */
function painAfterSpikes(ctx: EvaluationContext, spikeEvents: readonly SpikeEvent[]): Finding[] {
  const { R09, R10 } = ctx.config;
  const backPainDates = [...new Set(ctx.logs.filter(isBackPain).map((log) => log.date))];
  const findings: Finding[] = [];
  for (const log of ctx.logs.filter(isBackPain)) {
    const anchor = symptomAnchor(log);
    const r10Spikes = spikesBefore(spikeEvents, log.date, R10.windowDays);
    if (r10Spikes.length > 0) {
      const countedFrom = r10Spikes[0].date;
      const painDay = backPainDates.filter((date) => date >= countedFrom && date <= log.date).length;
      if (log.severity >= R10.minSeverity || painDay >= R10.painDay) {
        const spike = nearestSpike(r10Spikes, log.date);
        const relation = relationOf(spike.days, R10.likelyDays);
        findings.push(
          makeFinding(ctx, {
            rule: 'R10',
            severity: 'warning',
            anchor,
            relation,
            message:
              `${painAfterSpikeSentence(log, spike.days, relation)} Consider pausing running; get assessed if it ` +
              'persists.',
            activityIds: spike.activityIds,
            logIds: [log.id],
            values: {
              severity: log.severity,
              spikeDate: spike.date,
              spikeRules: spike.rules,
              daysAfterSpike: spike.days,
              backPainDay: painDay,
              countedFrom,
            },
          }),
        );
        continue;
      }
    }
    const r09Spikes = spikesBefore(spikeEvents, log.date, R09.windowDays);
    if (r09Spikes.length === 0) continue;
    const spike = nearestSpike(r09Spikes, log.date);
    const relation = relationOf(spike.days, R09.likelyDays);
    findings.push(
      makeFinding(ctx, {
        rule: 'R09',
        severity: 'caution',
        anchor,
        relation,
        message: `${painAfterSpikeSentence(log, spike.days, relation)} Consider easing off or cross-training.`,
        activityIds: spike.activityIds,
        logIds: [log.id],
        values: {
          severity: log.severity,
          spikeDate: spike.date,
          spikeRules: spike.rules,
          daysAfterSpike: spike.days,
        },
      }),
    );
  }
  return findings;
}

function relationOf(days: number, likelyDays: number): Relation {
  return days <= likelyDays ? 'likely' : 'possibly';
}

function painAfterSpikeSentence(log: SymptomLog, days: number, relation: Relation): string {
  const when =
    days === 0 ? 'on the day of a load jump' : `${days} ${days === 1 ? 'day' : 'days'} after a load jump`;
  return (
    `Back pain (severity ${log.severity}) followed a load jump: it was logged ${when}, so the two are ` +
    `${relation} related in time.`
  );
}

/**
 * R11: pain in the low back, sacrum/buttock or hip (severity >= 1) worse with weight bearing or at night,
 * with a BSI factor in the profile version in force on the log's date, or a spike event 0-42 days before.
 */
function boneTypePain(ctx: EvaluationContext, spikeEvents: readonly SpikeEvent[]): Finding[] {
  const { lookbackDays } = ctx.config.R11;
  const findings: Finding[] = [];
  for (const log of ctx.logs) {
    if (log.region === 'leg' || log.severity < 1) continue;
    const aggravators = (log.aggravators ?? []).filter((a) => a === 'weight_bearing' || a === 'night_pain');
    if (aggravators.length === 0) continue;
    const profile = profileVersionOn(ctx.profileVersions, log.date);
    const factors = profile ? assessRiskProfile(profile).factors : [];
    const spikes = spikesBefore(spikeEvents, log.date, lookbackDays);
    if (factors.length === 0 && spikes.length === 0) continue;
    const spike = spikes.length > 0 ? nearestSpike(spikes, log.date) : null;
    const reasons = [
      ...(factors.length > 0 ? ['factors linked to bone stress injury in your profile'] : []),
      ...(spike ? [`a load jump ${spike.days} days before`] : []),
    ];
    findings.push(
      makeFinding(ctx, {
        rule: 'R11',
        severity: 'warning',
        anchor: symptomAnchor(log),
        message:
          `You logged pain worse ${aggravators.includes('weight_bearing') ? 'with weight bearing' : 'at night'}, ` +
          `with ${reasons.join(' and ')}. This pattern can occur with a bone stress injury. Stop running and ` +
          'see a clinician soon.',
        activityIds: spike?.activityIds ?? [],
        logIds: [log.id],
        values: {
          region: log.region,
          aggravators,
          factors,
          profileDate: profile?.date ?? null,
          spikeDate: spike?.date ?? null,
          spikeRules: spike?.rules ?? [],
          daysAfterSpike: spike?.days ?? null,
        },
      }),
    );
  }
  return findings;
}

/** R12 (cauda equina red flags), R13 (one-sided leg signs) and R14 (back pain with systemic signs). */
function redFlags(ctx: EvaluationContext): Finding[] {
  const findings: Finding[] = [];
  for (const log of ctx.logs) {
    const neurological = log.neurological ?? [];
    const caudaEquina = CAUDA_EQUINA_FLAGS.filter((flag) => neurological.includes(flag));
    if (caudaEquina.length > 0) {
      findings.push(
        makeFinding(ctx, {
          rule: 'R12',
          severity: 'urgent',
          anchor: symptomAnchor(log),
          message: `You logged ${describeFlags(caudaEquina)}. Seek emergency care now.`,
          logIds: [log.id],
          values: { flags: caudaEquina },
        }),
      );
    }
    const oneSided = ONE_SIDED_LEG_FLAGS.filter((flag) => neurological.includes(flag));
    if (oneSided.length > 0) {
      const progressive = neurological.includes('progressive');
      findings.push(
        makeFinding(ctx, {
          rule: 'R13',
          severity: progressive ? 'urgent' : 'warning',
          anchor: symptomAnchor(log),
          message:
            `You logged ${describeFlags(oneSided)}${progressive ? ', getting worse' : ''}. ` +
            'Get this checked by a clinician promptly.',
          logIds: [log.id],
          values: { flags: oneSided, progressive },
        }),
      );
    }
    const systemic = SYSTEMIC_RED_FLAGS.filter((flag) => (log.systemic ?? []).includes(flag));
    if (systemic.length > 0 && isBackPain(log)) {
      findings.push(
        makeFinding(ctx, {
          rule: 'R14',
          severity: 'warning',
          anchor: symptomAnchor(log),
          message: `You logged back pain with ${describeFlags(systemic)}. Seek a medical assessment today or tomorrow.`,
          logIds: [log.id],
          values: { flags: systemic, severity: log.severity },
        }),
      );
    }
  }
  return findings;
}

/**
 * R15: a severe or disabling log (any region), or a back-pain episode spanning more than 6 weeks. A log that
 * is both, or that anchors such an episode, gives one finding with every reason.
 */
function severeOrLasting(ctx: EvaluationContext): Finding[] {
  const { severity, episodeDays } = ctx.config.R15;
  const reasons = new Map<
    string,
    { log: SymptomLog; reasons: string[]; logIds: string[]; spanDays?: number }
  >();
  const add = (log: SymptomLog, reason: string, logIds: string[], spanDays?: number): void => {
    const entry = reasons.get(log.id) ?? { log, reasons: [], logIds: [] };
    entry.reasons.push(reason);
    entry.logIds.push(...logIds);
    if (spanDays !== undefined) entry.spanDays = spanDays;
    reasons.set(log.id, entry);
  };
  for (const log of ctx.logs) {
    if (log.severity >= severity) add(log, 'severity', [log.id]);
    if (log.canWalkNormally === false) add(log, 'cannot_walk_normally', [log.id]);
  }
  for (const episode of findBackPainEpisodes(ctx.logs)) {
    if (episode.spanDays > episodeDays) {
      add(
        episode.firstLog,
        'long_episode',
        episode.days.flatMap((day) => day.logIds),
        episode.spanDays,
      );
    }
  }
  return [...reasons.values()].map(({ log, reasons: why, logIds, spanDays }) => {
    const parts = [
      ...(why.includes('severity') ? [`pain of severity ${log.severity}`] : []),
      ...(why.includes('cannot_walk_normally') ? ['that you could not walk normally'] : []),
      ...(why.includes('long_episode') ? [`back pain over ${spanDays} days`] : []),
    ];
    return makeFinding(ctx, {
      rule: 'R15',
      severity: 'warning',
      anchor: symptomAnchor(log),
      message: `You logged ${parts.join(', and ')}. Seek a professional evaluation.`,
      logIds,
      values: { reasons: why, severity: log.severity, episodeSpanDays: spanDays ?? null },
    });
  });
}

/**
 * R16: a back-pain episode with logs on at least 2 days spanning at least 7 days (last date minus first),
 * whose last day is not lower than its first (a day's severity is its highest log).
 */
function lastingEpisodes(ctx: EvaluationContext): Finding[] {
  const { minDays, minSpanDays } = ctx.config.R16;
  return findBackPainEpisodes(ctx.logs)
    .filter((episode) => {
      const first = episode.days[0];
      const last = episode.days[episode.days.length - 1];
      return (
        episode.days.length >= minDays && episode.spanDays >= minSpanDays && last.severity >= first.severity
      );
    })
    .map((episode) =>
      makeFinding(ctx, {
        rule: 'R16',
        severity: 'caution',
        anchor: symptomAnchor(episode.firstLog),
        message:
          `Back pain has been logged over ${episode.spanDays} days without easing. Pain that lasts more than a ` +
          'few days deserves a professional opinion.',
        logIds: episode.days.flatMap((day) => day.logIds),
        values: {
          firstDate: episode.firstDate,
          lastDate: episode.lastDate,
          spanDays: episode.spanDays,
          daysWithLogs: episode.days.length,
          firstSeverity: episode.days[0].severity,
          lastSeverity: episode.days[episode.days.length - 1].severity,
        },
      }),
    );
}

function symptomAnchor(log: SymptomLog): FindingAnchor {
  return { kind: 'symptom', id: log.id, date: log.date };
}

const FLAG_WORDS: Record<NeurologicalFlag | SystemicFlag, string> = {
  leg_numbness_one_side: 'numbness in one leg',
  leg_weakness_one_side: 'weakness in one leg',
  both_legs_numb_or_weak: 'numbness or weakness in both legs',
  saddle_numbness: 'numbness in the groin or saddle area',
  bladder_or_bowel_change: 'a change in bladder or bowel control',
  sexual_dysfunction: 'a change in sexual function',
  progressive: 'worsening symptoms',
  fever: 'fever',
  unexplained_weight_loss: 'unexplained weight loss',
  cancer_history: 'a history of cancer',
  recent_trauma: 'a recent fall or injury',
};

function describeFlags(flags: readonly (NeurologicalFlag | SystemicFlag)[]): string {
  const words = flags.map((flag) => FLAG_WORDS[flag]);
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
