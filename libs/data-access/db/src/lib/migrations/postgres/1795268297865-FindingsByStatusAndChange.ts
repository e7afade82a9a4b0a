import { MigrationInterface, QueryRunner } from 'typeorm';

export class FindingsByStatusAndChange1795268297865 implements MigrationInterface {
  name = 'FindingsByStatusAndChange1795268297865';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_a1caba707b8bf39f7f4c916f43" ON "findings" ("status", "updatedAtMs")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a1caba707b8bf39f7f4c916f43"
        `);
  }
}
