export * from './lib/fit-writer';
export * from './lib/databases';
