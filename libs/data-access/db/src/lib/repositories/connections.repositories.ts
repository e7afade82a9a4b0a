import { ConnectionsRepository } from './connections.repository';

export * from './connections.repository';

/** Repositories of provider connections (Strava, Garmin). */
export const CONNECTION_REPOSITORIES = [ConnectionsRepository];
