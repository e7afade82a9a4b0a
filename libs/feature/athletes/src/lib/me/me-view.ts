import type { UserEntity } from '@loadwatch/data-access/db';
import { resolveEmailPreferences, type MeResponse } from '@loadwatch/shared/contracts';
import { formatThresholdPace } from './threshold-pace';

export function toMeResponse(user: UserEntity): MeResponse {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    displayName: user.displayName,
    timeZone: user.timeZone,
    weekStart: user.weekStart,
    units: user.units,
    thresholdPace: user.thresholdPaceSPerKm === null ? null : formatThresholdPace(user.thresholdPaceSPerKm),
    maxHeartRateBpm: user.maxHeartRateBpm,
    returnToRun: user.returnToRun && {
      startDate: user.returnToRun.startDate,
      weeklyDistanceKm: user.returnToRun.weeklyPlanM.map((m) => m / 1000),
    },
    emailPreferences: resolveEmailPreferences(user.emailPreferences),
    createdAt: new Date(user.createdAtMs).toISOString(),
    updatedAt: new Date(user.updatedAtMs).toISOString(),
  };
}
