import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { UsersRepository, type UserEntity, type UserSettingsPatch } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { resolveEmailPreferences, type MeResponse } from '@loadwatch/shared/contracts';
import { toMeResponse } from './me-view';
import type { UpdateSettingsDto } from './settings.dto';
import { parseThresholdPace } from './threshold-pace';

/** Settings that change how load is computed or judged: changing one rebuilds the athlete's weeks. */
const LOAD_SETTINGS = ['timeZone', 'weekStart', 'thresholdPaceSPerKm', 'returnToRun'] as const;

@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);

  constructor(
    private readonly users: UsersRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async get(userId: string): Promise<MeResponse> {
    return toMeResponse(await this.find(userId));
  }

  async update(userId: string, input: UpdateSettingsDto): Promise<MeResponse> {
    const current = await this.find(userId);
    const patch = toPatch(input, current);
    const changed = (Object.keys(patch) as (keyof UserSettingsPatch)[]).filter(
      (key) => JSON.stringify(patch[key]) !== JSON.stringify(current[key]),
    );
    if (changed.length === 0) return toMeResponse(current);

    const updated = await this.users.updateSettings(userId, patch);
    if (!updated) throw new NotFoundException('The account no longer exists');
    const loadChanged = changed.filter((key) => (LOAD_SETTINGS as readonly string[]).includes(key));
    if (loadChanged.length > 0) {
      try {
        await this.queue.enqueue('recompute-load', { athleteId: userId });
        this.logger.log(`Settings of ${userId} changed (${loadChanged.join(', ')}): load recompute queued.`);
      } catch (error) {
        // The settings are saved; the answer must not say otherwise. The next upload or change recomputes.
        this.logger.error(`Could not enqueue recompute-load for ${userId}: ${(error as Error).message}`);
      }
    }
    return toMeResponse(updated);
  }

  private async find(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundException('The account no longer exists');
    return user;
  }
}

function toPatch(input: UpdateSettingsDto, current: UserEntity): UserSettingsPatch {
  const patch: UserSettingsPatch = {};
  if (input.emailPreferences !== undefined) {
    // Saved whole (the given keys over what is in force), so a later change of a default changes nothing.
    patch.emailPreferences = {
      ...resolveEmailPreferences(current.emailPreferences),
      ...definedOnly(input.emailPreferences),
    };
  }
  if (input.displayName !== undefined) patch.displayName = input.displayName;
  if (input.timeZone !== undefined) patch.timeZone = input.timeZone;
  if (input.weekStart !== undefined) patch.weekStart = input.weekStart;
  if (input.units !== undefined) patch.units = input.units;
  if (input.maxHeartRateBpm !== undefined) patch.maxHeartRateBpm = input.maxHeartRateBpm;
  if (input.thresholdPace !== undefined) {
    patch.thresholdPaceSPerKm = input.thresholdPace === null ? null : parseThresholdPace(input.thresholdPace);
  }
  if (input.returnToRun !== undefined) {
    patch.returnToRun = input.returnToRun && {
      startDate: input.returnToRun.startDate,
      weeklyPlanM: input.returnToRun.weeklyDistanceKm.map((km) => Math.round(km * 1000)),
    };
  }
  return patch;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
