import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';

/**
 * TypeORM's own loggers print a failed query with its parameters, which would put emails, password hashes
 * and symptom logs into the logs. This one logs the failing statement's first words and the error only,
 * never a parameter, through the application's logger.
 */
export class SafeQueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Successful queries are not logged.
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    const message = typeof error === 'string' ? error : error.message;
    this.logger.error(`Query failed (${statementHead(query)}): ${redactValues(message)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow query (${time} ms): ${statementHead(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.log(String(message));
  }
}

/** `INSERT INTO "users"`, `SELECT ... FROM "findings"`: enough to find the code, nothing of the data. */
export function statementHead(query: string): string {
  const verb = query.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  const table = /\b(?:INTO|FROM|UPDATE|TABLE)\s+("?[\w.]+"?)/i.exec(query)?.[1] ?? '';
  return `${verb} ${table}`.trim();
}

/** Drivers quote offending values in some messages (`Key (email)=(a@b.c) already exists`): drop them. */
export function redactValues(message: string): string {
  return message.replace(/=\(([^)]*)\)/g, '=(…)').replace(/'[^']*'/g, "'…'");
}
