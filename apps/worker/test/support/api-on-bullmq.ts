import type { DriverName } from '@loadwatch/testing';
import { startStack, type Stack } from './stack';

// The API's test support, with startTestApp below in place of its own: jest.config.ts maps the API's end-to-end
// files' './support/test-app' here, so they run unchanged on BullMQ with a worker process.
// eslint-disable-next-line @nx/enforce-module-boundaries
export * from '../../../api/test/support/test-app';

/**
 * The API on PostgreSQL and BullMQ (a queue prefix of its own) with one worker process beside it. Whatever
 * database a suite asks for, it gets PostgreSQL: a worker in another process needs a database server.
 */
export function startTestApp(
  _driver: DriverName,
  options: Parameters<typeof startStack>[0] = {},
): Promise<Stack> {
  return startStack({ ...options, workers: 1 });
}
