import type { DriverName } from '@loadwatch/testing';

// The testing library, but on PostgreSQL only: jest.config.ts maps '@loadwatch/testing' here for the API's
// end-to-end files, which run on every driver; a worker process beside the API needs a server database.
// eslint-disable-next-line @nx/enforce-module-boundaries
export * from '../../../../libs/testing/src';

export const DRIVERS: DriverName[] = ['postgres'];
