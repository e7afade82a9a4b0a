import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderTombstones1795275424913 implements MigrationInterface {
  name = 'ProviderTombstones1795275424913';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "deleted_provider_activities" (
                "id" character varying(36) NOT NULL,
                "athleteId" character varying(36) NOT NULL,
                "sourceKey" character varying(200) NOT NULL,
                "source" character varying(16) NOT NULL,
                "externalId" character varying(100) NOT NULL,
                "deletedAtMs" bigint NOT NULL,
                CONSTRAINT "PK_6641314d1a330871a246e5b9e1f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9af2164137e948bc858abefc20" ON "deleted_provider_activities" ("athleteId", "sourceKey")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9af2164137e948bc858abefc20"
        `);
    await queryRunner.query(`
            DROP TABLE "deleted_provider_activities"
        `);
  }
}
