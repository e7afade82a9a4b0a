export * from './lib/databases';
export * from './lib/test-config';
export * from './lib/redis';
export * from './lib/worked-example';
