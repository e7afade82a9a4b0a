export * from './lib/databases';
export * from './lib/test-config';
