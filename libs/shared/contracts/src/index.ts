export * from './lib/training.contract';
export * from './lib/account.contract';
