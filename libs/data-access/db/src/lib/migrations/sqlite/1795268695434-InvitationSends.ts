import { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationSends1795268695434 implements MigrationInterface {
  name = 'InvitationSends1795268695434';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "invitation_sends" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "coachId" varchar(36) NOT NULL,
                "recipientHash" varchar(64) NOT NULL,
                "sentAtMs" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_068378d615445e776ee1e16c9f" ON "invitation_sends" ("recipientHash", "sentAtMs")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d4ff27e48b40d552b9436ffd39" ON "invitation_sends" ("coachId", "sentAtMs")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_d4ff27e48b40d552b9436ffd39"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_068378d615445e776ee1e16c9f"
        `);
    await queryRunner.query(`
            DROP TABLE "invitation_sends"
        `);
  }
}
