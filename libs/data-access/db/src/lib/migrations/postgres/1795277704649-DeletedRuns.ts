import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeletedRuns1795277704649 implements MigrationInterface {
  name = 'DeletedRuns1795277704649';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "deleted_runs" (
                "id" character varying(36) NOT NULL,
                "athleteId" character varying(36) NOT NULL,
                "activityId" character varying(36) NOT NULL,
                "startMs" bigint NOT NULL,
                "movingTimeS" double precision,
                "elapsedTimeS" double precision,
                "deletedAtMs" bigint NOT NULL,
                CONSTRAINT "PK_1417d83282de6c13218577736b7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8b6ea72f3b386234aeaf34168f" ON "deleted_runs" ("athleteId", "startMs")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8b6ea72f3b386234aeaf34168f"
        `);
    await queryRunner.query(`
            DROP TABLE "deleted_runs"
        `);
  }
}
