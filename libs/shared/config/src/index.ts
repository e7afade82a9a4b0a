export * from './lib/config';
export * from './lib/config.module';
export * from './lib/env.schema';
