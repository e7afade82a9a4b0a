import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795258443525 implements MigrationInterface {
  name = 'Initial1795258443525';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "activity_streams" ("activityId" character varying(36) NOT NULL, "stream" text NOT NULL, CONSTRAINT "PK_faae2196853eaa9e96fb76cd943" PRIMARY KEY ("activityId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "activities" ("id" character varying(36) NOT NULL, "athleteId" character varying(36) NOT NULL, "sourceKey" character varying(200) NOT NULL, "source" character varying(16) NOT NULL, "uploadId" character varying(36), "sport" character varying(64) NOT NULL, "subSport" character varying(64), "sportClass" character varying(16) NOT NULL, "startMs" bigint NOT NULL, "utcOffsetS" integer, "localDate" character varying(10) NOT NULL, "distanceM" double precision, "movingTimeS" double precision, "elapsedTimeS" double precision, "ascentM" double precision, "descentM" double precision, "avgHeartRateBpm" double precision, "avgCadenceSpm" double precision, "laps" text NOT NULL, "device" text, "recordCount" integer NOT NULL DEFAULT '0', "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL, CONSTRAINT "PK_7f4004429f731ffb9c88eb486a8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_353a8fb5a519b655db0e2ca3cf" ON "activities"  ("athleteId", "startMs") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_63d94c3d092ce770b16d65b654" ON "activities"  ("athleteId", "sourceKey") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" character varying(36) NOT NULL, "actorId" character varying(36) NOT NULL, "athleteId" character varying(36) NOT NULL, "action" character varying(64) NOT NULL, "atMs" bigint NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_86d7ae1adab3854661c04497aa" ON "audit_log"  ("athleteId", "atMs") `,
    );
    await queryRunner.query(
      `CREATE TABLE "coach_links" ("id" character varying(36) NOT NULL, "coachId" character varying(36) NOT NULL, "athleteId" character varying(36), "inviteEmail" character varying(320) NOT NULL, "inviteTokenHash" character varying(64) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'invited', "healthAccess" boolean NOT NULL DEFAULT false, "createdAtMs" bigint NOT NULL, "acceptedAtMs" bigint, "revokedAtMs" bigint, CONSTRAINT "UQ_692e71ba9974c6f35e636ca9bee" UNIQUE ("inviteTokenHash"), CONSTRAINT "PK_542952e840124f1f4ce8adc0aa3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7124b88b43ded9676975e3ed30" ON "coach_links"  ("coachId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e8a592ed63592fba3f43135934" ON "coach_links"  ("athleteId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_37f3ea4a69fc23258af6a76b39" ON "coach_links"  ("coachId", "inviteEmail") `,
    );
    await queryRunner.query(
      `CREATE TABLE "findings" ("id" character varying(36) NOT NULL, "athleteId" character varying(36) NOT NULL, "rule" character varying(8) NOT NULL, "severity" character varying(16) NOT NULL, "anchorKind" character varying(16) NOT NULL, "anchorId" character varying(100) NOT NULL, "anchorDate" character varying(10) NOT NULL, "date" character varying(10) NOT NULL, "relation" character varying(16), "message" text NOT NULL, "evidence" text NOT NULL, "source" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "retractedReason" text, "acknowledgedAtMs" bigint, "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL, CONSTRAINT "PK_ae9807d6293c23c13ff8804d09c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2a1b74e9798253564c59b379de" ON "findings"  ("athleteId", "status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e7b521c1151d4aefee4b525766" ON "findings"  ("athleteId", "rule", "anchorKind", "anchorId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "risk_profile_versions" ("id" character varying(36) NOT NULL, "athleteId" character varying(36) NOT NULL, "effectiveDate" character varying(10) NOT NULL, "answers" text NOT NULL, "createdAtMs" bigint NOT NULL, CONSTRAINT "PK_bea9bf1aae7e65cbd4faad53659" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_67fe7d75c60e2cd94103babe8e" ON "risk_profile_versions"  ("athleteId", "effectiveDate") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" character varying(36) NOT NULL, "userId" character varying(36) NOT NULL, "refreshTokenHash" character varying(64) NOT NULL, "expiresAtMs" bigint NOT NULL, "revokedAtMs" bigint, "replacedById" character varying(36), "createdAtMs" bigint NOT NULL, CONSTRAINT "UQ_b08788ca45cbd90f0bd96c2f077" UNIQUE ("refreshTokenHash"), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_57de40bc620f456c7311aa3a1e" ON "sessions"  ("userId") `);
    await queryRunner.query(
      `CREATE TABLE "symptom_logs" ("id" character varying(36) NOT NULL, "athleteId" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "region" character varying(32) NOT NULL, "side" character varying(16), "severity" integer NOT NULL, "when" character varying(16), "aggravators" text NOT NULL, "neurological" text NOT NULL, "systemic" text NOT NULL, "canWalkNormally" boolean, "notes" text, "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL, CONSTRAINT "PK_410df32fa7349e4affcb3c9dd75" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_bba9313de5b76cb2206633456c" ON "symptom_logs"  ("athleteId", "date", "region") `,
    );
    await queryRunner.query(
      `CREATE TABLE "uploads" ("id" character varying(36) NOT NULL, "athleteId" character varying(36) NOT NULL, "fileName" character varying(255) NOT NULL, "sha256" character varying(64) NOT NULL, "sizeBytes" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'received', "reason" text, "activityCount" integer NOT NULL DEFAULT '0', "createdAtMs" bigint NOT NULL, "processedAtMs" bigint, CONSTRAINT "PK_d1781d1eedd7459314f60f39bd3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c94cdf6d15df4e3c0178ebcf60" ON "uploads"  ("athleteId") `);
    await queryRunner.query(`CREATE INDEX "IDX_49417313f2d844548aea3cbec1" ON "uploads"  ("status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_1462c8181e24e96b73dca1888b" ON "uploads"  ("athleteId", "sha256") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" character varying(36) NOT NULL, "email" character varying(320) NOT NULL, "passwordHash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL DEFAULT 'athlete', "displayName" character varying(100), "timeZone" character varying(64) NOT NULL DEFAULT 'UTC', "weekStart" character varying(8) NOT NULL DEFAULT 'monday', "units" character varying(2) NOT NULL DEFAULT 'km', "thresholdPaceSPerKm" double precision, "maxHeartRateBpm" integer, "returnToRun" text, "rulesConfig" text, "emailPreferences" text, "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL, CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "weekly_metrics" ("athleteId" character varying(36) NOT NULL, "weekStart" character varying(10) NOT NULL, "runs" integer NOT NULL, "distanceM" double precision NOT NULL, "ramp" double precision, "ramp4" double precision, "speedShare" double precision, "coverage" double precision, "speedMethod" character varying(16) NOT NULL, "complete" boolean NOT NULL, "metrics" text NOT NULL, "computedAtMs" bigint NOT NULL, CONSTRAINT "PK_573df45e5b07ae7e6cfa7a0a600" PRIMARY KEY ("athleteId", "weekStart"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "weekly_metrics"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1462c8181e24e96b73dca1888b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_49417313f2d844548aea3cbec1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c94cdf6d15df4e3c0178ebcf60"`);
    await queryRunner.query(`DROP TABLE "uploads"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bba9313de5b76cb2206633456c"`);
    await queryRunner.query(`DROP TABLE "symptom_logs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_57de40bc620f456c7311aa3a1e"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_67fe7d75c60e2cd94103babe8e"`);
    await queryRunner.query(`DROP TABLE "risk_profile_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e7b521c1151d4aefee4b525766"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2a1b74e9798253564c59b379de"`);
    await queryRunner.query(`DROP TABLE "findings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_37f3ea4a69fc23258af6a76b39"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e8a592ed63592fba3f43135934"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7124b88b43ded9676975e3ed30"`);
    await queryRunner.query(`DROP TABLE "coach_links"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_86d7ae1adab3854661c04497aa"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_63d94c3d092ce770b16d65b654"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_353a8fb5a519b655db0e2ca3cf"`);
    await queryRunner.query(`DROP TABLE "activities"`);
    await queryRunner.query(`DROP TABLE "activity_streams"`);
  }
}
