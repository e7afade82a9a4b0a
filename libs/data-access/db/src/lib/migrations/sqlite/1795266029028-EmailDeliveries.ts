import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailDeliveries1795266029028 implements MigrationInterface {
  name = 'EmailDeliveries1795266029028';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "email_deliveries" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "naturalKey" varchar(200) NOT NULL,
                "kind" varchar(24) NOT NULL,
                "recipientId" varchar(36),
                "athleteId" varchar(36),
                "capKey" varchar(200),
                "status" varchar(16) NOT NULL,
                "reason" varchar(200),
                "attempts" integer NOT NULL DEFAULT (0),
                "leaseUntilMs" bigint NOT NULL,
                "messageId" varchar(255),
                "createdAtMs" bigint NOT NULL,
                "sentAtMs" bigint,
                CONSTRAINT "UQ_b75bccfe039fc77029e661f8aee" UNIQUE ("naturalKey"),
                CONSTRAINT "UQ_26a3c03937568b1c48c9b9aa804" UNIQUE ("capKey")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_48d7c5cff062f3743650a4fae9" ON "email_deliveries" ("recipientId", "createdAtMs")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_48d7c5cff062f3743650a4fae9"
        `);
    await queryRunner.query(`
            DROP TABLE "email_deliveries"
        `);
  }
}
