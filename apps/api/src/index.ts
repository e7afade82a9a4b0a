export * from './app/create-app';
