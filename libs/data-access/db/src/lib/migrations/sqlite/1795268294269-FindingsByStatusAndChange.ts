import { MigrationInterface, QueryRunner } from 'typeorm';

export class FindingsByStatusAndChange1795268294269 implements MigrationInterface {
  name = 'FindingsByStatusAndChange1795268294269';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_a1caba707b8bf39f7f4c916f43" ON "findings" ("status", "updatedAtMs")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_a1caba707b8bf39f7f4c916f43"
        `);
  }
}
