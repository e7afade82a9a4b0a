export * from './lib/training.contract';
export * from './lib/account.contract';
export * from './lib/notifications.contract';
export * from './lib/connections.contract';
