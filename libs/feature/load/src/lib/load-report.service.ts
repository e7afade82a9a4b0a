import { Inject, Injectable } from '@nestjs/common';
import type { Activity, ActivitySource } from '@loadwatch/domain/activity';
import {
  computeLoad,
  localDateOf,
  type LoadReport,
  type LoadSettings,
} from '@loadwatch/domain/training-load';
import {
  ActivitiesRepository,
  type ActivityEntity,
  type ActivityWithStream,
  type UserEntity,
} from '@loadwatch/data-access/db';
import { CLOCK, type Clock } from './clock';

export interface AthleteLoad {
  /** Today in the athlete's time zone: the evaluation date of the report. */
  asOf: string;
  report: LoadReport;
  /** The activities the report was computed from (with laps, without streams). */
  activities: ActivityEntity[];
}

export interface AthleteLoadViews extends AthleteLoad {
  /** The report without the activities of the hidden sources; null when there are none. */
  withoutHidden: LoadReport | null;
}

/**
 * Builds an athlete's training-load report from the stored activities, as of today in the athlete's time
 * zone: the one computation behind the stored weeks and the rules.
 */
@Injectable()
export class LoadReportService {
  constructor(
    private readonly activities: ActivitiesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The local date of the current instant in the athlete's time zone. */
  today(athlete: Pick<UserEntity, 'timeZone'>): string {
    return localDateOf({ startMs: this.clock.now(), utcOffsetS: null }, athlete.timeZone);
  }

  /**
   * `extraDates`: dates of symptom logs, which extend the report past the last activity. `excludeSources`
   * leaves out activities of those primary sources (a coach's view without Strava-only runs).
   */
  async build(
    athlete: UserEntity,
    extraDates: readonly string[],
    options: { excludeSources?: readonly ActivitySource[] } = {},
  ): Promise<AthleteLoad> {
    const stored = await this.activities.findAllForLoad(athlete.id, options);
    const asOf = this.today(athlete);
    const report = computeLoad(stored.map(toActivity), loadSettingsOf(athlete), {
      asOf,
      extraDates: [...extraDates],
    });
    return { asOf, report, activities: stored.map(({ activity }) => activity) };
  }

  /**
   * The report, and the report without the activities whose primary source is one of `hiddenSources` when
   * there are any: what `build` gives with `excludeSources`, from one read of the activities and one
   * evaluation date, so the two reports agree on both.
   */
  async buildViews(
    athlete: UserEntity,
    extraDates: readonly string[],
    hiddenSources: readonly ActivitySource[],
  ): Promise<AthleteLoadViews> {
    const stored = await this.activities.findAllForLoad(athlete.id);
    const asOf = this.today(athlete);
    const settings = loadSettingsOf(athlete);
    const options = { asOf, extraDates: [...extraDates] };
    const shown = stored.filter(({ activity }) => !hiddenSources.includes(activity.source));
    return {
      asOf,
      report: computeLoad(stored.map(toActivity), settings, options),
      withoutHidden:
        shown.length === stored.length ? null : computeLoad(shown.map(toActivity), settings, options),
      activities: stored.map(({ activity }) => activity),
    };
  }
}

/** The athlete's settings for the computation; a threshold pace (s/km) becomes a threshold speed (m/s). */
export function loadSettingsOf(
  athlete: Pick<UserEntity, 'timeZone' | 'weekStart' | 'thresholdPaceSPerKm'>,
): LoadSettings {
  const pace = athlete.thresholdPaceSPerKm;
  return {
    timeZone: athlete.timeZone,
    weekStart: athlete.weekStart,
    thresholdSpeedMps: pace !== null && pace > 0 ? 1000 / pace : null,
  };
}

/** A stored activity as the domain's normalized activity; its id is the stored id findings anchor to. */
export function toActivity({ activity, stream }: ActivityWithStream): Activity {
  return {
    id: activity.id,
    source: activity.source,
    sport: activity.sport,
    subSport: activity.subSport,
    sportClass: activity.sportClass,
    startMs: activity.startMs,
    utcOffsetS: activity.utcOffsetS,
    distanceM: activity.distanceM,
    movingTimeS: activity.movingTimeS,
    elapsedTimeS: activity.elapsedTimeS,
    ascentM: activity.ascentM,
    descentM: activity.descentM,
    avgHeartRateBpm: activity.avgHeartRateBpm,
    avgCadenceSpm: activity.avgCadenceSpm,
    laps: activity.laps,
    stream,
    device: activity.device,
  };
}
