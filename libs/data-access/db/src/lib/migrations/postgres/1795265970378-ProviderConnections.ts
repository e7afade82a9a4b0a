import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderConnections1795265970378 implements MigrationInterface {
  name = 'ProviderConnections1795265970378';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "provider_connections" (
                "id" character varying(36) NOT NULL,
                "athleteId" character varying(36) NOT NULL,
                "provider" character varying(16) NOT NULL,
                "status" character varying(16) NOT NULL,
                "externalAthleteId" character varying(64),
                "scopes" text NOT NULL,
                "accessTokenEnc" text,
                "refreshTokenEnc" text,
                "tokenExpiresAtMs" bigint,
                "connectedAtMs" bigint NOT NULL,
                "updatedAtMs" bigint NOT NULL,
                "syncState" character varying(16) NOT NULL DEFAULT 'idle',
                "lastSyncAtMs" bigint,
                "activitiesImported" integer NOT NULL DEFAULT '0',
                "backfillRunId" character varying(36),
                "backfillDone" integer NOT NULL DEFAULT '0',
                "backfillTotal" integer,
                "backfillCursor" character varying(64),
                "backfillFinishedAtMs" bigint,
                "lastErrorMessage" text,
                "lastErrorAtMs" bigint,
                "resumesAtMs" bigint,
                CONSTRAINT "PK_e214ce18aa55a4cf2518dc88293" PRIMARY KEY ("id")
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
            DROP INDEX "public"."IDX_c1e524d05b358fac3dc158958b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_44b018854b699270e6d0f98f26"
        `);
    await queryRunner.query(`
            DROP TABLE "provider_connections"
        `);
  }
}
