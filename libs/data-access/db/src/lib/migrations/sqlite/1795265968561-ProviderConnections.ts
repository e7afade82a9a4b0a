import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderConnections1795265968561 implements MigrationInterface {
  name = 'ProviderConnections1795265968561';

  public async up(queryRunner: QueryRunner): Promise<void> {
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
            CREATE INDEX "IDX_44b018854b699270e6d0f98f26" ON "provider_connections" ("provider", "externalAthleteId")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c1e524d05b358fac3dc158958b" ON "provider_connections" ("athleteId", "provider")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_c1e524d05b358fac3dc158958b"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_44b018854b699270e6d0f98f26"
        `);
    await queryRunner.query(`
            DROP TABLE "provider_connections"
        `);
  }
}
