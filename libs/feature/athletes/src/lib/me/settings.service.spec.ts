import { Logger } from '@nestjs/common';
import type { UserEntity, UserSettingsPatch, UsersRepository } from '@loadwatch/data-access/db';
import type { JobQueue } from '@loadwatch/data-access/queue';
import type { UpdateSettingsDto } from './settings.dto';
import { SettingsService } from './settings.service';

describe('SettingsService', () => {
  let user: UserEntity;
  let enqueue: jest.Mock;
  let service: SettingsService;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    user = {
      id: 'u1',
      email: 'ada@example.test',
      role: 'athlete',
      displayName: null,
      timeZone: 'UTC',
      weekStart: 'monday',
      units: 'km',
      thresholdPaceSPerKm: null,
      maxHeartRateBpm: null,
      returnToRun: null,
      createdAtMs: 0,
      updatedAtMs: 0,
    } as UserEntity;
    const users = {
      findById: async () => user,
      updateSettingsAtomically: async <T>(
        _: string,
        decide: (current: UserEntity) => { patch: UserSettingsPatch | null; result: T },
      ) => {
        const { patch, result } = decide(user);
        if (patch) user = { ...user, ...patch } as UserEntity;
        return { user, result };
      },
    } as unknown as UsersRepository;
    enqueue = jest.fn().mockResolvedValue(undefined);
    service = new SettingsService(users, { enqueue } as unknown as JobQueue);
  });

  it('stores the pace in s/km and the plan in metres, and shows them as given', async () => {
    const me = await service.update('u1', {
      thresholdPace: '4:05',
      returnToRun: { startDate: '2026-12-01', weeklyDistanceKm: [8, 10.5] },
    } as UpdateSettingsDto);
    expect(user.thresholdPaceSPerKm).toBe(245);
    expect(user.returnToRun).toEqual({ startDate: '2026-12-01', weeklyPlanM: [8000, 10500] });
    expect(me).toMatchObject({ thresholdPace: '4:05', returnToRun: { weeklyDistanceKm: [8, 10.5] } });
  });

  it.each<[string, Partial<UpdateSettingsDto>]>([
    ['time zone', { timeZone: 'Europe/Oslo' }],
    ['week start', { weekStart: 'sunday' }],
    ['threshold pace', { thresholdPace: '4:30' }],
    ['return-to-run plan', { returnToRun: { startDate: '2026-12-01', weeklyDistanceKm: [5] } }],
  ])('queues a load recompute when the %s changes', async (_, patch) => {
    await service.update('u1', patch as UpdateSettingsDto);
    expect(enqueue).toHaveBeenCalledWith('recompute-load', { athleteId: 'u1' });
  });

  it('queues nothing for settings that do not affect load, nor for unchanged values', async () => {
    await service.update('u1', {
      displayName: 'Ada',
      units: 'mi',
      maxHeartRateBpm: 190,
    } as UpdateSettingsDto);
    await service.update('u1', {
      timeZone: 'UTC',
      weekStart: 'monday',
      thresholdPace: null,
    } as UpdateSettingsDto);
    expect(enqueue).not.toHaveBeenCalled();
    expect(user).toMatchObject({ displayName: 'Ada', units: 'mi', maxHeartRateBpm: 190 });
  });

  it('saves the settings and answers normally when the queue is down', async () => {
    enqueue.mockRejectedValue(new Error('Redis is not connected'));
    const me = await service.update('u1', { timeZone: 'Europe/Oslo' } as UpdateSettingsDto);
    expect(me).toMatchObject({ timeZone: 'Europe/Oslo' });
    expect(user.timeZone).toBe('Europe/Oslo');
  });

  it('keeps a new urgent-alert address pending and queues its confirmation email after saving it', async () => {
    const me = await service.update('u1', {
      emailPreferences: { urgentAlertsTo: 'partner@example.test' },
    } as UpdateSettingsDto);
    expect(me.emailPreferences).toMatchObject({
      urgentAlertsTo: null,
      urgentAlertsToPending: 'partner@example.test',
    });
    const requestId = user.emailPreferences?.['urgentAlertsToRequestId'];
    expect(enqueue).toHaveBeenCalledWith('send-redirect-confirmation', { userId: 'u1', requestId });

    enqueue.mockClear();
    await service.update('u1', {
      emailPreferences: { weeklyDigest: false, urgentAlertsTo: 'partner@example.test' },
    } as UpdateSettingsDto);
    expect(enqueue).not.toHaveBeenCalled();
    expect(user.emailPreferences).toMatchObject({ weeklyDigest: false, urgentAlertsToRequestId: requestId });
  });

  it('refuses a sixth confirmation email in 24 hours with a 429, saving nothing', async () => {
    const nowMs = Date.parse('2026-11-21T10:00:00Z');
    for (let i = 0; i < 5; i++) {
      await service.update(
        'u1',
        { emailPreferences: { urgentAlertsTo: `a${i}@example.test` } } as UpdateSettingsDto,
        nowMs + i * 60_000,
      );
    }
    const before = user.emailPreferences;
    await expect(
      service.update(
        'u1',
        { displayName: 'Ada', emailPreferences: { urgentAlertsTo: 'a5@example.test' } } as UpdateSettingsDto,
        nowMs + 3600_000,
      ),
    ).rejects.toMatchObject({ status: 429, message: expect.stringContaining('try again in 1380 min') });
    await expect(service.resendUrgentRedirect('u1', nowMs + 3600_000)).rejects.toMatchObject({ status: 429 });
    expect(user.emailPreferences).toBe(before);
    expect(user.displayName).toBeNull();
  });
});
