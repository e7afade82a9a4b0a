import { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivitySources1795265986190 implements MigrationInterface {
  name = 'ActivitySources1795265986190';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "activity_sources" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "activityId" varchar(36) NOT NULL,
                "sourceKey" varchar(200) NOT NULL,
                "source" varchar(16) NOT NULL,
                "externalId" varchar(100) NOT NULL,
                "uploadId" varchar(36),
                "keptApart" boolean NOT NULL DEFAULT (0),
                "sport" varchar(64) NOT NULL,
                "subSport" varchar(64),
                "sportClass" varchar(16) NOT NULL,
                "startMs" bigint NOT NULL,
                "utcOffsetS" integer,
                "localDate" varchar(10) NOT NULL,
                "distanceM" double precision,
                "movingTimeS" double precision,
                "elapsedTimeS" double precision,
                "ascentM" double precision,
                "descentM" double precision,
                "avgHeartRateBpm" double precision,
                "avgCadenceSpm" double precision,
                "laps" text NOT NULL,
                "device" text,
                "recordCount" integer NOT NULL DEFAULT (0),
                "stream" text,
                "createdAtMs" bigint NOT NULL,
                "updatedAtMs" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_52c7a8d403416f9124dadf077e" ON "activity_sources" ("activityId")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_f4fb84d84414e8ba189190ad82" ON "activity_sources" ("athleteId", "sourceKey")
        `);
    // Every activity stored before merging existed is one source of its own.
    await queryRunner.query(`
            INSERT INTO "activity_sources" (
                "id", "athleteId", "activityId", "sourceKey", "source", "externalId", "uploadId",
                "sport", "subSport", "sportClass", "startMs", "utcOffsetS", "localDate", "distanceM",
                "movingTimeS", "elapsedTimeS", "ascentM", "descentM", "avgHeartRateBpm", "avgCadenceSpm",
                "laps", "device", "recordCount", "stream", "createdAtMs", "updatedAtMs"
            )
            SELECT a."id", a."athleteId", a."id", a."sourceKey", a."source",
                SUBSTR(a."sourceKey", LENGTH(a."source") + 2), a."uploadId",
                a."sport", a."subSport", a."sportClass", a."startMs", a."utcOffsetS", a."localDate", a."distanceM",
                a."movingTimeS", a."elapsedTimeS", a."ascentM", a."descentM", a."avgHeartRateBpm", a."avgCadenceSpm",
                a."laps", a."device", a."recordCount", s."stream", a."createdAtMs", a."updatedAtMs"
            FROM "activities" a
            LEFT JOIN "activity_streams" s ON s."activityId" = a."id"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_63d94c3d092ce770b16d65b654"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_353a8fb5a519b655db0e2ca3cf"
        `);
    await queryRunner.query(`
            CREATE TABLE "temporary_activities" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "sourceKey" varchar(200) NOT NULL,
                "source" varchar(16) NOT NULL,
                "uploadId" varchar(36),
                "sport" varchar(64) NOT NULL,
                "subSport" varchar(64),
                "sportClass" varchar(16) NOT NULL,
                "startMs" bigint NOT NULL,
                "utcOffsetS" integer,
                "localDate" varchar(10) NOT NULL,
                "distanceM" double precision,
                "movingTimeS" double precision,
                "elapsedTimeS" double precision,
                "ascentM" double precision,
                "descentM" double precision,
                "avgHeartRateBpm" double precision,
                "avgCadenceSpm" double precision,
                "laps" text NOT NULL,
                "device" text,
                "recordCount" integer NOT NULL DEFAULT (0),
                "createdAtMs" bigint NOT NULL,
                "updatedAtMs" bigint NOT NULL,
                "fieldSources" text
            )
        `);
    await queryRunner.query(`
            INSERT INTO "temporary_activities"(
                    "id",
                    "athleteId",
                    "sourceKey",
                    "source",
                    "uploadId",
                    "sport",
                    "subSport",
                    "sportClass",
                    "startMs",
                    "utcOffsetS",
                    "localDate",
                    "distanceM",
                    "movingTimeS",
                    "elapsedTimeS",
                    "ascentM",
                    "descentM",
                    "avgHeartRateBpm",
                    "avgCadenceSpm",
                    "laps",
                    "device",
                    "recordCount",
                    "createdAtMs",
                    "updatedAtMs"
                )
            SELECT "id",
                "athleteId",
                "sourceKey",
                "source",
                "uploadId",
                "sport",
                "subSport",
                "sportClass",
                "startMs",
                "utcOffsetS",
                "localDate",
                "distanceM",
                "movingTimeS",
                "elapsedTimeS",
                "ascentM",
                "descentM",
                "avgHeartRateBpm",
                "avgCadenceSpm",
                "laps",
                "device",
                "recordCount",
                "createdAtMs",
                "updatedAtMs"
            FROM "activities"
        `);
    await queryRunner.query(`
            DROP TABLE "activities"
        `);
    await queryRunner.query(`
            ALTER TABLE "temporary_activities"
                RENAME TO "activities"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_63d94c3d092ce770b16d65b654" ON "activities" ("athleteId", "sourceKey")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_353a8fb5a519b655db0e2ca3cf" ON "activities" ("athleteId", "startMs")
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_1462c8181e24e96b73dca1888b"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_49417313f2d844548aea3cbec1"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_c94cdf6d15df4e3c0178ebcf60"
        `);
    await queryRunner.query(`
            CREATE TABLE "temporary_uploads" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "fileName" varchar(255) NOT NULL,
                "sha256" varchar(64) NOT NULL,
                "sizeBytes" integer NOT NULL,
                "status" varchar(16) NOT NULL DEFAULT ('received'),
                "reason" text,
                "activityCount" integer NOT NULL DEFAULT (0),
                "createdAtMs" bigint NOT NULL,
                "processedAtMs" bigint,
                "provider" varchar(16),
                "externalId" varchar(100)
            )
        `);
    await queryRunner.query(`
            INSERT INTO "temporary_uploads"(
                    "id",
                    "athleteId",
                    "fileName",
                    "sha256",
                    "sizeBytes",
                    "status",
                    "reason",
                    "activityCount",
                    "createdAtMs",
                    "processedAtMs"
                )
            SELECT "id",
                "athleteId",
                "fileName",
                "sha256",
                "sizeBytes",
                "status",
                "reason",
                "activityCount",
                "createdAtMs",
                "processedAtMs"
            FROM "uploads"
        `);
    await queryRunner.query(`
            DROP TABLE "uploads"
        `);
    await queryRunner.query(`
            ALTER TABLE "temporary_uploads"
                RENAME TO "uploads"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_1462c8181e24e96b73dca1888b" ON "uploads" ("athleteId", "sha256")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_49417313f2d844548aea3cbec1" ON "uploads" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c94cdf6d15df4e3c0178ebcf60" ON "uploads" ("athleteId")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_c94cdf6d15df4e3c0178ebcf60"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_49417313f2d844548aea3cbec1"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_1462c8181e24e96b73dca1888b"
        `);
    await queryRunner.query(`
            ALTER TABLE "uploads"
                RENAME TO "temporary_uploads"
        `);
    await queryRunner.query(`
            CREATE TABLE "uploads" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "fileName" varchar(255) NOT NULL,
                "sha256" varchar(64) NOT NULL,
                "sizeBytes" integer NOT NULL,
                "status" varchar(16) NOT NULL DEFAULT ('received'),
                "reason" text,
                "activityCount" integer NOT NULL DEFAULT (0),
                "createdAtMs" bigint NOT NULL,
                "processedAtMs" bigint
            )
        `);
    await queryRunner.query(`
            INSERT INTO "uploads"(
                    "id",
                    "athleteId",
                    "fileName",
                    "sha256",
                    "sizeBytes",
                    "status",
                    "reason",
                    "activityCount",
                    "createdAtMs",
                    "processedAtMs"
                )
            SELECT "id",
                "athleteId",
                "fileName",
                "sha256",
                "sizeBytes",
                "status",
                "reason",
                "activityCount",
                "createdAtMs",
                "processedAtMs"
            FROM "temporary_uploads"
        `);
    await queryRunner.query(`
            DROP TABLE "temporary_uploads"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c94cdf6d15df4e3c0178ebcf60" ON "uploads" ("athleteId")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_49417313f2d844548aea3cbec1" ON "uploads" ("status")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_1462c8181e24e96b73dca1888b" ON "uploads" ("athleteId", "sha256")
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_353a8fb5a519b655db0e2ca3cf"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_63d94c3d092ce770b16d65b654"
        `);
    await queryRunner.query(`
            ALTER TABLE "activities"
                RENAME TO "temporary_activities"
        `);
    await queryRunner.query(`
            CREATE TABLE "activities" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "sourceKey" varchar(200) NOT NULL,
                "source" varchar(16) NOT NULL,
                "uploadId" varchar(36),
                "sport" varchar(64) NOT NULL,
                "subSport" varchar(64),
                "sportClass" varchar(16) NOT NULL,
                "startMs" bigint NOT NULL,
                "utcOffsetS" integer,
                "localDate" varchar(10) NOT NULL,
                "distanceM" double precision,
                "movingTimeS" double precision,
                "elapsedTimeS" double precision,
                "ascentM" double precision,
                "descentM" double precision,
                "avgHeartRateBpm" double precision,
                "avgCadenceSpm" double precision,
                "laps" text NOT NULL,
                "device" text,
                "recordCount" integer NOT NULL DEFAULT (0),
                "createdAtMs" bigint NOT NULL,
                "updatedAtMs" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            INSERT INTO "activities"(
                    "id",
                    "athleteId",
                    "sourceKey",
                    "source",
                    "uploadId",
                    "sport",
                    "subSport",
                    "sportClass",
                    "startMs",
                    "utcOffsetS",
                    "localDate",
                    "distanceM",
                    "movingTimeS",
                    "elapsedTimeS",
                    "ascentM",
                    "descentM",
                    "avgHeartRateBpm",
                    "avgCadenceSpm",
                    "laps",
                    "device",
                    "recordCount",
                    "createdAtMs",
                    "updatedAtMs"
                )
            SELECT "id",
                "athleteId",
                "sourceKey",
                "source",
                "uploadId",
                "sport",
                "subSport",
                "sportClass",
                "startMs",
                "utcOffsetS",
                "localDate",
                "distanceM",
                "movingTimeS",
                "elapsedTimeS",
                "ascentM",
                "descentM",
                "avgHeartRateBpm",
                "avgCadenceSpm",
                "laps",
                "device",
                "recordCount",
                "createdAtMs",
                "updatedAtMs"
            FROM "temporary_activities"
        `);
    await queryRunner.query(`
            DROP TABLE "temporary_activities"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_353a8fb5a519b655db0e2ca3cf" ON "activities" ("athleteId", "startMs")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_63d94c3d092ce770b16d65b654" ON "activities" ("athleteId", "sourceKey")
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_f4fb84d84414e8ba189190ad82"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_52c7a8d403416f9124dadf077e"
        `);
    await queryRunner.query(`
            DROP TABLE "activity_sources"
        `);
  }
}
