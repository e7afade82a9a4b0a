import { MigrationInterface, QueryRunner } from 'typeorm';

export class CoachWeekViews1795276679388 implements MigrationInterface {
  name = 'CoachWeekViews1795276679388';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "weekly_metrics"
            ADD "coachView" text
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "weekly_metrics" DROP COLUMN "coachView"
        `);
  }
}
