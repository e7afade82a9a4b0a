import { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivitySources1795265988096 implements MigrationInterface {
  name = 'ActivitySources1795265988096';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "activity_sources" (
                "id" character varying(36) NOT NULL,
                "athleteId" character varying(36) NOT NULL,
                "activityId" character varying(36) NOT NULL,
                "sourceKey" character varying(200) NOT NULL,
                "source" character varying(16) NOT NULL,
                "externalId" character varying(100) NOT NULL,
                "uploadId" character varying(36),
                "keptApart" boolean NOT NULL DEFAULT false,
                "sport" character varying(64) NOT NULL,
                "subSport" character varying(64),
                "sportClass" character varying(16) NOT NULL,
                "startMs" bigint NOT NULL,
                "utcOffsetS" integer,
                "localDate" character varying(10) NOT NULL,
                "distanceM" double precision,
                "movingTimeS" double precision,
                "elapsedTimeS" double precision,
                "ascentM" double precision,
                "descentM" double precision,
                "avgHeartRateBpm" double precision,
                "avgCadenceSpm" double precision,
                "laps" text NOT NULL,
                "device" text,
                "recordCount" integer NOT NULL DEFAULT '0',
                "stream" text,
                "createdAtMs" bigint NOT NULL,
                "updatedAtMs" bigint NOT NULL,
                CONSTRAINT "PK_013ca786144709e2e938e2e2c7d" PRIMARY KEY ("id")
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
            ALTER TABLE "activities"
            ADD "fieldSources" text
        `);
    await queryRunner.query(`
            ALTER TABLE "uploads"
            ADD "provider" character varying(16)
        `);
    await queryRunner.query(`
            ALTER TABLE "uploads"
            ADD "externalId" character varying(100)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "uploads" DROP COLUMN "externalId"
        `);
    await queryRunner.query(`
            ALTER TABLE "uploads" DROP COLUMN "provider"
        `);
    await queryRunner.query(`
            ALTER TABLE "activities" DROP COLUMN "fieldSources"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f4fb84d84414e8ba189190ad82"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_52c7a8d403416f9124dadf077e"
        `);
    await queryRunner.query(`
            DROP TABLE "activity_sources"
        `);
  }
}
