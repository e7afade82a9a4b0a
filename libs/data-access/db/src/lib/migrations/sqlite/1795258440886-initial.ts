import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795258440886 implements MigrationInterface {
  name = 'Initial1795258440886';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "activity_streams" ("activityId" varchar(36) PRIMARY KEY NOT NULL, "stream" text NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "activities" ("id" varchar(36) PRIMARY KEY NOT NULL, "athleteId" varchar(36) NOT NULL, "sourceKey" varchar(200) NOT NULL, "source" varchar(16) NOT NULL, "uploadId" varchar(36), "sport" varchar(64) NOT NULL, "subSport" varchar(64), "sportClass" varchar(16) NOT NULL, "startMs" bigint NOT NULL, "utcOffsetS" integer, "localDate" varchar(10) NOT NULL, "distanceM" double precision, "movingTimeS" double precision, "elapsedTimeS" double precision, "ascentM" double precision, "descentM" double precision, "avgHeartRateBpm" double precision, "avgCadenceSpm" double precision, "laps" text NOT NULL, "device" text, "recordCount" integer NOT NULL DEFAULT (0), "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_353a8fb5a519b655db0e2ca3cf" ON "activities" ("athleteId", "startMs") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_63d94c3d092ce770b16d65b654" ON "activities" ("athleteId", "sourceKey") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" varchar(36) PRIMARY KEY NOT NULL, "actorId" varchar(36) NOT NULL, "athleteId" varchar(36) NOT NULL, "action" varchar(64) NOT NULL, "atMs" bigint NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_86d7ae1adab3854661c04497aa" ON "audit_log" ("athleteId", "atMs") `,
    );
    await queryRunner.query(
      `CREATE TABLE "coach_links" ("id" varchar(36) PRIMARY KEY NOT NULL, "coachId" varchar(36) NOT NULL, "athleteId" varchar(36), "inviteEmail" varchar(320) NOT NULL, "inviteTokenHash" varchar(64) NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('invited'), "healthAccess" boolean NOT NULL DEFAULT (0), "createdAtMs" bigint NOT NULL, "acceptedAtMs" bigint, "revokedAtMs" bigint, CONSTRAINT "UQ_692e71ba9974c6f35e636ca9bee" UNIQUE ("inviteTokenHash"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7124b88b43ded9676975e3ed30" ON "coach_links" ("coachId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e8a592ed63592fba3f43135934" ON "coach_links" ("athleteId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_37f3ea4a69fc23258af6a76b39" ON "coach_links" ("coachId", "inviteEmail") `,
    );
    await queryRunner.query(
      `CREATE TABLE "findings" ("id" varchar(36) PRIMARY KEY NOT NULL, "athleteId" varchar(36) NOT NULL, "rule" varchar(8) NOT NULL, "severity" varchar(16) NOT NULL, "anchorKind" varchar(16) NOT NULL, "anchorId" varchar(100) NOT NULL, "anchorDate" varchar(10) NOT NULL, "date" varchar(10) NOT NULL, "relation" varchar(16), "message" text NOT NULL, "evidence" text NOT NULL, "source" text NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('open'), "retractedReason" text, "acknowledgedAtMs" bigint, "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2a1b74e9798253564c59b379de" ON "findings" ("athleteId", "status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e7b521c1151d4aefee4b525766" ON "findings" ("athleteId", "rule", "anchorKind", "anchorId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "risk_profile_versions" ("id" varchar(36) PRIMARY KEY NOT NULL, "athleteId" varchar(36) NOT NULL, "effectiveDate" varchar(10) NOT NULL, "answers" text NOT NULL, "createdAtMs" bigint NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_67fe7d75c60e2cd94103babe8e" ON "risk_profile_versions" ("athleteId", "effectiveDate") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "userId" varchar(36) NOT NULL, "refreshTokenHash" varchar(64) NOT NULL, "expiresAtMs" bigint NOT NULL, "revokedAtMs" bigint, "replacedById" varchar(36), "createdAtMs" bigint NOT NULL, CONSTRAINT "UQ_b08788ca45cbd90f0bd96c2f077" UNIQUE ("refreshTokenHash"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_57de40bc620f456c7311aa3a1e" ON "sessions" ("userId") `);
    await queryRunner.query(
      `CREATE TABLE "symptom_logs" ("id" varchar(36) PRIMARY KEY NOT NULL, "athleteId" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, "region" varchar(32) NOT NULL, "side" varchar(16), "severity" integer NOT NULL, "when" varchar(16), "aggravators" text NOT NULL, "neurological" text NOT NULL, "systemic" text NOT NULL, "canWalkNormally" boolean, "notes" text, "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_bba9313de5b76cb2206633456c" ON "symptom_logs" ("athleteId", "date", "region") `,
    );
    await queryRunner.query(
      `CREATE TABLE "uploads" ("id" varchar(36) PRIMARY KEY NOT NULL, "athleteId" varchar(36) NOT NULL, "fileName" varchar(255) NOT NULL, "sha256" varchar(64) NOT NULL, "sizeBytes" integer NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('received'), "reason" text, "activityCount" integer NOT NULL DEFAULT (0), "createdAtMs" bigint NOT NULL, "processedAtMs" bigint)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c94cdf6d15df4e3c0178ebcf60" ON "uploads" ("athleteId") `);
    await queryRunner.query(`CREATE INDEX "IDX_49417313f2d844548aea3cbec1" ON "uploads" ("status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_1462c8181e24e96b73dca1888b" ON "uploads" ("athleteId", "sha256") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(320) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(16) NOT NULL DEFAULT ('athlete'), "displayName" varchar(100), "timeZone" varchar(64) NOT NULL DEFAULT ('UTC'), "weekStart" varchar(8) NOT NULL DEFAULT ('monday'), "units" varchar(2) NOT NULL DEFAULT ('km'), "thresholdPaceSPerKm" double precision, "maxHeartRateBpm" integer, "returnToRun" text, "rulesConfig" text, "emailPreferences" text, "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL, CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "weekly_metrics" ("athleteId" varchar(36) NOT NULL, "weekStart" varchar(10) NOT NULL, "runs" integer NOT NULL, "distanceM" double precision NOT NULL, "ramp" double precision, "ramp4" double precision, "speedShare" double precision, "coverage" double precision, "speedMethod" varchar(16) NOT NULL, "complete" boolean NOT NULL, "metrics" text NOT NULL, "computedAtMs" bigint NOT NULL, PRIMARY KEY ("athleteId", "weekStart"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "weekly_metrics"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "IDX_1462c8181e24e96b73dca1888b"`);
    await queryRunner.query(`DROP INDEX "IDX_49417313f2d844548aea3cbec1"`);
    await queryRunner.query(`DROP INDEX "IDX_c94cdf6d15df4e3c0178ebcf60"`);
    await queryRunner.query(`DROP TABLE "uploads"`);
    await queryRunner.query(`DROP INDEX "IDX_bba9313de5b76cb2206633456c"`);
    await queryRunner.query(`DROP TABLE "symptom_logs"`);
    await queryRunner.query(`DROP INDEX "IDX_57de40bc620f456c7311aa3a1e"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "IDX_67fe7d75c60e2cd94103babe8e"`);
    await queryRunner.query(`DROP TABLE "risk_profile_versions"`);
    await queryRunner.query(`DROP INDEX "IDX_e7b521c1151d4aefee4b525766"`);
    await queryRunner.query(`DROP INDEX "IDX_2a1b74e9798253564c59b379de"`);
    await queryRunner.query(`DROP TABLE "findings"`);
    await queryRunner.query(`DROP INDEX "IDX_37f3ea4a69fc23258af6a76b39"`);
    await queryRunner.query(`DROP INDEX "IDX_e8a592ed63592fba3f43135934"`);
    await queryRunner.query(`DROP INDEX "IDX_7124b88b43ded9676975e3ed30"`);
    await queryRunner.query(`DROP TABLE "coach_links"`);
    await queryRunner.query(`DROP INDEX "IDX_86d7ae1adab3854661c04497aa"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "IDX_63d94c3d092ce770b16d65b654"`);
    await queryRunner.query(`DROP INDEX "IDX_353a8fb5a519b655db0e2ca3cf"`);
    await queryRunner.query(`DROP TABLE "activities"`);
    await queryRunner.query(`DROP TABLE "activity_streams"`);
  }
}
