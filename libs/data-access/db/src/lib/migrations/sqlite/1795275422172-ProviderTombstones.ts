import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderTombstones1795275422172 implements MigrationInterface {
  name = 'ProviderTombstones1795275422172';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "deleted_provider_activities" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "sourceKey" varchar(200) NOT NULL,
                "source" varchar(16) NOT NULL,
                "externalId" varchar(100) NOT NULL,
                "deletedAtMs" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9af2164137e948bc858abefc20" ON "deleted_provider_activities" ("athleteId", "sourceKey")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_9af2164137e948bc858abefc20"
        `);
    await queryRunner.query(`
            DROP TABLE "deleted_provider_activities"
        `);
  }
}
