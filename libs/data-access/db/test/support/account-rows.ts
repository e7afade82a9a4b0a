import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type DriverName, type TestDatabase } from '@loadwatch/testing';
import {
  ActivityEntity,
  ActivitySourceEntity,
  ActivityStreamEntity,
  AuditLogEntity,
  CoachLinkEntity,
  dataSourceOptions,
  DeletedProviderActivityEntity,
  DeletedRunEntity,
  EmailDeliveryEntity,
  FindingEntity,
  ProviderConnectionEntity,
  RiskProfileVersionEntity,
  SessionEntity,
  SymptomLogEntity,
  UploadEntity,
  UserEntity,
  WeeklyMetricEntity,
} from '../../src';

/** A migrated database of the given driver for one test file. */
export async function openDatabase(
  driver: DriverName,
): Promise<{ dataSource: DataSource; close(): Promise<void> }> {
  const database: TestDatabase = await createTestDatabase(driver);
  const dataSource = new DataSource(dataSourceOptions(database.db));
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

const NOW = Date.UTC(2026, 10, 21, 10, 0, 0);

/** Rows of every table for tests, with only what a test cares about to give. */
export function rows(dataSource: DataSource) {
  const save = async <T extends object>(entity: new () => T, row: T): Promise<T> => {
    await dataSource.getRepository(entity).insert(row as never);
    return row;
  };
  return {
    user: (over: Partial<UserEntity> = {}) =>
      save(UserEntity, {
        id: randomUUID(),
        email: `${randomUUID()}@example.test`,
        passwordHash: 'hash',
        role: 'athlete',
        displayName: null,
        timeZone: 'UTC',
        weekStart: 'monday',
        units: 'km',
        thresholdPaceSPerKm: null,
        maxHeartRateBpm: null,
        returnToRun: null,
        rulesConfig: null,
        emailPreferences: null,
        createdAtMs: NOW,
        updatedAtMs: NOW,
        ...over,
      }),
    upload: (athleteId: string, over: Partial<UploadEntity> = {}) =>
      save(UploadEntity, {
        id: randomUUID(),
        athleteId,
        fileName: 'run.fit',
        sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        sizeBytes: 1234,
        status: 'processed',
        reason: null,
        activityCount: 1,
        createdAtMs: NOW,
        processedAtMs: NOW,
        ...over,
      }),
    activity: (athleteId: string, over: Partial<ActivityEntity> = {}) =>
      save(ActivityEntity, {
        id: randomUUID(),
        athleteId,
        sourceKey: `fit:${randomUUID()}:0`,
        source: 'fit',
        uploadId: null,
        sport: 'running',
        subSport: null,
        sportClass: 'run',
        startMs: NOW,
        utcOffsetS: 0,
        localDate: '2026-11-21',
        distanceM: 10000,
        movingTimeS: 3000,
        elapsedTimeS: 3100,
        ascentM: null,
        descentM: null,
        avgHeartRateBpm: null,
        avgCadenceSpm: null,
        laps: [],
        device: null,
        recordCount: 0,
        createdAtMs: NOW,
        updatedAtMs: NOW,
        ...over,
      }),
    stream: (activityId: string) =>
      save(ActivityStreamEntity, {
        activityId,
        stream: {
          timeS: [0],
          distanceM: [0],
          speedMps: [null],
          altitudeM: [null],
          heartRateBpm: [null],
          cadenceSpm: [null],
        },
      }),
    week: (athleteId: string, weekStart: string, over: Partial<WeeklyMetricEntity> = {}) =>
      save(WeeklyMetricEntity, {
        athleteId,
        weekStart,
        runs: 3,
        distanceM: 30000,
        ramp: 0.1,
        ramp4: null,
        speedShare: 0.05,
        coverage: 1,
        speedMethod: 'setting',
        complete: false,
        metrics: { weekStart } as WeeklyMetricEntity['metrics'],
        computedAtMs: NOW,
        ...over,
      }),
    symptom: (athleteId: string, over: Partial<SymptomLogEntity> = {}) =>
      save(SymptomLogEntity, {
        id: randomUUID(),
        athleteId,
        date: '2026-11-20',
        region: 'low_back',
        side: 'central',
        severity: 3,
        when: 'after_run',
        aggravators: [],
        neurological: [],
        systemic: [],
        canWalkNormally: true,
        notes: null,
        createdAtMs: NOW,
        updatedAtMs: NOW,
        ...over,
      }),
    profile: (athleteId: string, over: Partial<RiskProfileVersionEntity> = {}) =>
      save(RiskProfileVersionEntity, {
        id: randomUUID(),
        athleteId,
        effectiveDate: '2026-11-01',
        answers: { sex: 'female' },
        createdAtMs: NOW,
        ...over,
      }),
    finding: (athleteId: string, over: Partial<FindingEntity> = {}) =>
      save(FindingEntity, {
        id: randomUUID(),
        athleteId,
        rule: 'R01',
        severity: 'caution',
        anchorKind: 'run',
        anchorId: randomUUID(),
        anchorDate: '2026-11-20',
        date: '2026-11-20',
        relation: null,
        message: 'A long run.',
        evidence: { activityIds: [], logIds: [] },
        source: 'Nielsen 2014',
        status: 'open',
        retractedReason: null,
        acknowledgedAtMs: null,
        createdAtMs: NOW,
        updatedAtMs: NOW,
        ...over,
      }),
    audit: (actorId: string, athleteId: string) =>
      save(AuditLogEntity, { id: randomUUID(), actorId, athleteId, action: 'read:symptoms', atMs: NOW }),
    session: (userId: string, over: Partial<SessionEntity> = {}) =>
      save(SessionEntity, {
        id: randomUUID(),
        userId,
        refreshTokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        expiresAtMs: NOW + 3600_000,
        revokedAtMs: null,
        replacedById: null,
        createdAtMs: NOW,
        ...over,
      }),
    source: (athleteId: string, activityId: string, over: Partial<ActivitySourceEntity> = {}) =>
      save(ActivitySourceEntity, sourceRow(athleteId, activityId, over)),
    tombstone: (athleteId: string, over: Partial<DeletedProviderActivityEntity> = {}) => {
      const externalId = String(Math.floor(Math.random() * 1e12));
      return save(DeletedProviderActivityEntity, {
        id: randomUUID(),
        athleteId,
        sourceKey: `strava:${externalId}`,
        source: 'strava',
        externalId,
        deletedAtMs: NOW,
        ...over,
      });
    },
    deletedRun: (athleteId: string, over: Partial<DeletedRunEntity> = {}) =>
      save(DeletedRunEntity, {
        id: randomUUID(),
        athleteId,
        activityId: randomUUID(),
        startMs: NOW - 86_400_000,
        movingTimeS: 3000,
        elapsedTimeS: 3100,
        deletedAtMs: NOW,
        ...over,
      }),
    connection: (athleteId: string, over: Partial<ProviderConnectionEntity> = {}) =>
      save(ProviderConnectionEntity, {
        id: randomUUID(),
        athleteId,
        provider: 'strava',
        status: 'active',
        externalAthleteId: String(Math.floor(Math.random() * 1e9)),
        scopes: ['read', 'activity:read_all'],
        accessTokenEnc: 'v1.iv.tag.access-ciphertext',
        refreshTokenEnc: 'v1.iv.tag.refresh-ciphertext',
        tokenExpiresAtMs: NOW + 6 * 3600_000,
        connectedAtMs: NOW,
        updatedAtMs: NOW,
        syncState: 'idle',
        lastSyncAtMs: NOW,
        activitiesImported: 1,
        backfillRunId: null,
        backfillDone: 0,
        backfillTotal: null,
        backfillCursor: null,
        backfillFinishedAtMs: null,
        lastErrorMessage: null,
        lastErrorAtMs: null,
        resumesAtMs: null,
        ...over,
      } as ProviderConnectionEntity),
    email: (recipientId: string | null, athleteId: string | null, over: Partial<EmailDeliveryEntity> = {}) =>
      save(EmailDeliveryEntity, {
        id: randomUUID(),
        naturalKey: `weekly-digest:${recipientId ?? randomUUID()}:${randomUUID()}`,
        kind: 'weekly-digest',
        recipientId,
        athleteId,
        capKey: null,
        status: 'sent',
        reason: null,
        attempts: 1,
        leaseUntilMs: NOW,
        messageId: `<${randomUUID()}@loadwatch.test>`,
        createdAtMs: NOW,
        sentAtMs: NOW,
        ...over,
      }),
    link: (coachId: string, over: Partial<CoachLinkEntity> = {}) =>
      save(CoachLinkEntity, {
        id: randomUUID(),
        coachId,
        athleteId: null,
        inviteEmail: `${randomUUID()}@example.test`,
        inviteTokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        status: 'invited',
        healthAccess: false,
        createdAtMs: NOW,
        acceptedAtMs: null,
        revokedAtMs: null,
        ...over,
      }),
  };
}

/** A provenance row (a Strava copy unless told), not stored. */
export function sourceRow(
  athleteId: string,
  activityId: string,
  over: Partial<ActivitySourceEntity> = {},
): ActivitySourceEntity {
  return {
    id: randomUUID(),
    athleteId,
    activityId,
    sourceKey: `strava:${randomUUID()}`,
    source: 'strava',
    externalId: String(Math.floor(Math.random() * 1e12)),
    uploadId: null,
    keptApart: false,
    sport: 'Run',
    subSport: null,
    sportClass: 'running',
    startMs: NOW,
    utcOffsetS: 0,
    localDate: '2026-11-21',
    distanceM: 10050,
    movingTimeS: 2990,
    elapsedTimeS: 3120,
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: 150,
    avgCadenceSpm: null,
    laps: [],
    device: null,
    recordCount: 1,
    stream: {
      timeS: [0],
      distanceM: [0],
      speedMps: [null],
      altitudeM: [null],
      heartRateBpm: [150],
      cadenceSpm: [null],
    },
    createdAtMs: NOW,
    updatedAtMs: NOW,
    ...over,
  };
}
