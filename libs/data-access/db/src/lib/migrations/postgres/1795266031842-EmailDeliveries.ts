import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailDeliveries1795266031842 implements MigrationInterface {
  name = 'EmailDeliveries1795266031842';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "email_deliveries" (
                "id" character varying(36) NOT NULL,
                "naturalKey" character varying(200) NOT NULL,
                "kind" character varying(24) NOT NULL,
                "recipientId" character varying(36),
                "athleteId" character varying(36),
                "capKey" character varying(200),
                "status" character varying(16) NOT NULL,
                "reason" character varying(200),
                "attempts" integer NOT NULL DEFAULT '0',
                "leaseUntilMs" bigint NOT NULL,
                "messageId" character varying(255),
                "createdAtMs" bigint NOT NULL,
                "sentAtMs" bigint,
                CONSTRAINT "UQ_b75bccfe039fc77029e661f8aee" UNIQUE ("naturalKey"),
                CONSTRAINT "UQ_26a3c03937568b1c48c9b9aa804" UNIQUE ("capKey"),
                CONSTRAINT "PK_aa4e94683dafee7c55aaeb9f59d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_48d7c5cff062f3743650a4fae9" ON "email_deliveries" ("recipientId", "createdAtMs")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_48d7c5cff062f3743650a4fae9"
        `);
    await queryRunner.query(`
            DROP TABLE "email_deliveries"
        `);
  }
}
