import { MigrationInterface, QueryRunner } from 'typeorm';

export class CoachWeekViews1795276676689 implements MigrationInterface {
  name = 'CoachWeekViews1795276676689';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "temporary_weekly_metrics" (
                "athleteId" varchar(36) NOT NULL,
                "weekStart" varchar(10) NOT NULL,
                "runs" integer NOT NULL,
                "distanceM" double precision NOT NULL,
                "ramp" double precision,
                "ramp4" double precision,
                "speedShare" double precision,
                "coverage" double precision,
                "speedMethod" varchar(16) NOT NULL,
                "complete" boolean NOT NULL,
                "metrics" text NOT NULL,
                "computedAtMs" bigint NOT NULL,
                "coachView" text,
                PRIMARY KEY ("athleteId", "weekStart")
            )
        `);
    await queryRunner.query(`
            INSERT INTO "temporary_weekly_metrics"(
                    "athleteId",
                    "weekStart",
                    "runs",
                    "distanceM",
                    "ramp",
                    "ramp4",
                    "speedShare",
                    "coverage",
                    "speedMethod",
                    "complete",
                    "metrics",
                    "computedAtMs"
                )
            SELECT "athleteId",
                "weekStart",
                "runs",
                "distanceM",
                "ramp",
                "ramp4",
                "speedShare",
                "coverage",
                "speedMethod",
                "complete",
                "metrics",
                "computedAtMs"
            FROM "weekly_metrics"
        `);
    await queryRunner.query(`
            DROP TABLE "weekly_metrics"
        `);
    await queryRunner.query(`
            ALTER TABLE "temporary_weekly_metrics"
                RENAME TO "weekly_metrics"
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "weekly_metrics"
                RENAME TO "temporary_weekly_metrics"
        `);
    await queryRunner.query(`
            CREATE TABLE "weekly_metrics" (
                "athleteId" varchar(36) NOT NULL,
                "weekStart" varchar(10) NOT NULL,
                "runs" integer NOT NULL,
                "distanceM" double precision NOT NULL,
                "ramp" double precision,
                "ramp4" double precision,
                "speedShare" double precision,
                "coverage" double precision,
                "speedMethod" varchar(16) NOT NULL,
                "complete" boolean NOT NULL,
                "metrics" text NOT NULL,
                "computedAtMs" bigint NOT NULL,
                PRIMARY KEY ("athleteId", "weekStart")
            )
        `);
    await queryRunner.query(`
            INSERT INTO "weekly_metrics"(
                    "athleteId",
                    "weekStart",
                    "runs",
                    "distanceM",
                    "ramp",
                    "ramp4",
                    "speedShare",
                    "coverage",
                    "speedMethod",
                    "complete",
                    "metrics",
                    "computedAtMs"
                )
            SELECT "athleteId",
                "weekStart",
                "runs",
                "distanceM",
                "ramp",
                "ramp4",
                "speedShare",
                "coverage",
                "speedMethod",
                "complete",
                "metrics",
                "computedAtMs"
            FROM "temporary_weekly_metrics"
        `);
    await queryRunner.query(`
            DROP TABLE "temporary_weekly_metrics"
        `);
  }
}
