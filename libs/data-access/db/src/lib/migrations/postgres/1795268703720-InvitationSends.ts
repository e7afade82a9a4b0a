import { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationSends1795268703720 implements MigrationInterface {
  name = 'InvitationSends1795268703720';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "invitation_sends" (
                "id" character varying(36) NOT NULL,
                "coachId" character varying(36) NOT NULL,
                "recipientHash" character varying(64) NOT NULL,
                "sentAtMs" bigint NOT NULL,
                CONSTRAINT "PK_609be912d64fd23e3535b818df8" PRIMARY KEY ("id")
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
            DROP INDEX "public"."IDX_d4ff27e48b40d552b9436ffd39"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_068378d615445e776ee1e16c9f"
        `);
    await queryRunner.query(`
            DROP TABLE "invitation_sends"
        `);
  }
}
