export * from './lib/connections-core.module';
export * from './lib/connections.module';
export * from './lib/connections.service';
export * from './lib/provider-adapter';
export * from './lib/reconcile/sync-reconciler.service';
export * from './lib/reconcile/sync-reconcile.tick';
export * from './lib/rate-limit/rate-limiter';
export * from './lib/rate-limit/rate-limiter.factory';
export * from './lib/token-cipher';
export * from './lib/strava/strava-subscriptions';
export {
  GARMIN_NOTIFICATION_MAX_BYTES,
  GARMIN_NOTIFICATIONS_PATH,
} from './lib/garmin/garmin-notifications.controller';
