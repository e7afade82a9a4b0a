export * from './lib/strava-client';
export * from './lib/strava-mapping';
