export * from './lib/garmin-client';
export * from './lib/garmin-mapping';
