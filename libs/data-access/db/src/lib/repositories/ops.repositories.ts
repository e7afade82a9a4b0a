import { OpsRepository } from './ops.repository';

export * from './ops.repository';

/** Read-only repositories for monitoring (the ops feature's /metrics). */
export const OPS_REPOSITORIES = [OpsRepository];
