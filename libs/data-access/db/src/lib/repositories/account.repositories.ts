import { AuditLogRepository } from './audit-log.repository';
import { CoachLinksRepository } from './coach-links.repository';
import { RosterRepository } from './roster.repository';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

export * from './audit-log.repository';
export * from './coach-links.repository';
export * from './roster.repository';
export * from './sessions.repository';
export * from './users.repository';

/** Repositories of accounts, sessions, coach links, the audit log and the coach's roster. */
export const ACCOUNT_REPOSITORIES = [
  UsersRepository,
  SessionsRepository,
  CoachLinksRepository,
  AuditLogRepository,
  RosterRepository,
];
