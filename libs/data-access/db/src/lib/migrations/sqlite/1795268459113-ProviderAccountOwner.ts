import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderAccountOwner1795268459113 implements MigrationInterface {
  name = 'ProviderAccountOwner1795268459113';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_provider_connections_live_account" ON "provider_connections" ("provider", "externalAthleteId")
            WHERE "status" <> 'disconnected'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "UQ_provider_connections_live_account"
        `);
  }
}
