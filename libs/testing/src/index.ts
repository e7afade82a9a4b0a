export * from './lib/databases';
export * from './lib/test-config';
export * from './lib/redis';
export * from './lib/worked-example';
export * from './lib/strava-stand-in';
export * from './lib/garmin-stand-in';
export * from './lib/account-traces';
export * from './lib/activities';
