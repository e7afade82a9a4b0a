import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailLedgerStatusIndex1795267316934 implements MigrationInterface {
  name = 'EmailLedgerStatusIndex1795267316934';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_65ca8da6cbc64462b61b1ec5d2" ON "email_deliveries" ("status", "createdAtMs")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_65ca8da6cbc64462b61b1ec5d2"
        `);
  }
}
