/** Repositories of accounts, sessions, coach links and the audit log. */
export const ACCOUNT_REPOSITORIES = [];
