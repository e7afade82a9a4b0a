export * from './lib/fit-writer';
