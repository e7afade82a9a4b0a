export * from './lib/feature-test-app';
