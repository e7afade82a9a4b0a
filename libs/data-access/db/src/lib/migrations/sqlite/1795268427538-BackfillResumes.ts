import { MigrationInterface, QueryRunner } from 'typeorm';

export class BackfillResumes1795268427538 implements MigrationInterface {
  name = 'BackfillResumes1795268427538';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_c1e524d05b358fac3dc158958b"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_44b018854b699270e6d0f98f26"
        `);
    await queryRunner.query(`
            CREATE TABLE "temporary_provider_connections" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "provider" varchar(16) NOT NULL,
                "status" varchar(16) NOT NULL,
                "externalAthleteId" varchar(64),
                "scopes" text NOT NULL,
                "accessTokenEnc" text,
                "refreshTokenEnc" text,
                "tokenExpiresAtMs" bigint,
                "connectedAtMs" bigint NOT NULL,
                "updatedAtMs" bigint NOT NULL,
                "syncState" varchar(16) NOT NULL DEFAULT ('idle'),
                "lastSyncAtMs" bigint,
                "activitiesImported" integer NOT NULL DEFAULT (0),
                "backfillRunId" varchar(36),
                "backfillDone" integer NOT NULL DEFAULT (0),
                "backfillTotal" integer,
                "backfillCursor" varchar(64),
                "backfillFinishedAtMs" bigint,
                "lastErrorMessage" text,
                "lastErrorAtMs" bigint,
                "resumesAtMs" bigint,
                "backfillResumes" integer NOT NULL DEFAULT (0)
            )
        `);
    await queryRunner.query(`
            INSERT INTO "temporary_provider_connections"(
                    "id",
                    "athleteId",
                    "provider",
                    "status",
                    "externalAthleteId",
                    "scopes",
                    "accessTokenEnc",
                    "refreshTokenEnc",
                    "tokenExpiresAtMs",
                    "connectedAtMs",
                    "updatedAtMs",
                    "syncState",
                    "lastSyncAtMs",
                    "activitiesImported",
                    "backfillRunId",
                    "backfillDone",
                    "backfillTotal",
                    "backfillCursor",
                    "backfillFinishedAtMs",
                    "lastErrorMessage",
                    "lastErrorAtMs",
                    "resumesAtMs"
                )
            SELECT "id",
                "athleteId",
                "provider",
                "status",
                "externalAthleteId",
                "scopes",
                "accessTokenEnc",
                "refreshTokenEnc",
                "tokenExpiresAtMs",
                "connectedAtMs",
                "updatedAtMs",
                "syncState",
                "lastSyncAtMs",
                "activitiesImported",
                "backfillRunId",
                "backfillDone",
                "backfillTotal",
                "backfillCursor",
                "backfillFinishedAtMs",
                "lastErrorMessage",
                "lastErrorAtMs",
                "resumesAtMs"
            FROM "provider_connections"
        `);
    await queryRunner.query(`
            DROP TABLE "provider_connections"
        `);
    await queryRunner.query(`
            ALTER TABLE "temporary_provider_connections"
                RENAME TO "provider_connections"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c1e524d05b358fac3dc158958b" ON "provider_connections" ("athleteId", "provider")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_44b018854b699270e6d0f98f26" ON "provider_connections" ("provider", "externalAthleteId")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_44b018854b699270e6d0f98f26"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_c1e524d05b358fac3dc158958b"
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_connections"
                RENAME TO "temporary_provider_connections"
        `);
    await queryRunner.query(`
            CREATE TABLE "provider_connections" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "provider" varchar(16) NOT NULL,
                "status" varchar(16) NOT NULL,
                "externalAthleteId" varchar(64),
                "scopes" text NOT NULL,
                "accessTokenEnc" text,
                "refreshTokenEnc" text,
                "tokenExpiresAtMs" bigint,
                "connectedAtMs" bigint NOT NULL,
                "updatedAtMs" bigint NOT NULL,
                "syncState" varchar(16) NOT NULL DEFAULT ('idle'),
                "lastSyncAtMs" bigint,
                "activitiesImported" integer NOT NULL DEFAULT (0),
                "backfillRunId" varchar(36),
                "backfillDone" integer NOT NULL DEFAULT (0),
                "backfillTotal" integer,
                "backfillCursor" varchar(64),
                "backfillFinishedAtMs" bigint,
                "lastErrorMessage" text,
                "lastErrorAtMs" bigint,
                "resumesAtMs" bigint
            )
        `);
    await queryRunner.query(`
            INSERT INTO "provider_connections"(
                    "id",
                    "athleteId",
                    "provider",
                    "status",
                    "externalAthleteId",
                    "scopes",
                    "accessTokenEnc",
                    "refreshTokenEnc",
                    "tokenExpiresAtMs",
                    "connectedAtMs",
                    "updatedAtMs",
                    "syncState",
                    "lastSyncAtMs",
                    "activitiesImported",
                    "backfillRunId",
                    "backfillDone",
                    "backfillTotal",
                    "backfillCursor",
                    "backfillFinishedAtMs",
                    "lastErrorMessage",
                    "lastErrorAtMs",
                    "resumesAtMs"
                )
            SELECT "id",
                "athleteId",
                "provider",
                "status",
                "externalAthleteId",
                "scopes",
                "accessTokenEnc",
                "refreshTokenEnc",
                "tokenExpiresAtMs",
                "connectedAtMs",
                "updatedAtMs",
                "syncState",
                "lastSyncAtMs",
                "activitiesImported",
                "backfillRunId",
                "backfillDone",
                "backfillTotal",
                "backfillCursor",
                "backfillFinishedAtMs",
                "lastErrorMessage",
                "lastErrorAtMs",
                "resumesAtMs"
            FROM "temporary_provider_connections"
        `);
    await queryRunner.query(`
            DROP TABLE "temporary_provider_connections"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_44b018854b699270e6d0f98f26" ON "provider_connections" ("provider", "externalAthleteId")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c1e524d05b358fac3dc158958b" ON "provider_connections" ("athleteId", "provider")
        `);
  }
}
