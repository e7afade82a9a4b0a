import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeletedRuns1795277702254 implements MigrationInterface {
  name = 'DeletedRuns1795277702254';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "deleted_runs" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "athleteId" varchar(36) NOT NULL,
                "activityId" varchar(36) NOT NULL,
                "startMs" bigint NOT NULL,
                "movingTimeS" double precision,
                "elapsedTimeS" double precision,
                "deletedAtMs" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8b6ea72f3b386234aeaf34168f" ON "deleted_runs" ("athleteId", "startMs")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_8b6ea72f3b386234aeaf34168f"
        `);
    await queryRunner.query(`
            DROP TABLE "deleted_runs"
        `);
  }
}
