import { MigrationInterface, QueryRunner } from 'typeorm';

export class BackfillResumes1795268433827 implements MigrationInterface {
  name = 'BackfillResumes1795268433827';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "provider_connections"
            ADD "backfillResumes" integer NOT NULL DEFAULT '0'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "provider_connections" DROP COLUMN "backfillResumes"
        `);
  }
}
