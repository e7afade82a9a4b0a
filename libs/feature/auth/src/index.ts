export * from './lib/access-token.guard';
export * from './lib/auth-throttle';
export * from './lib/auth-user';
export * from './lib/auth.module';
export * from './lib/auth.service';
export * from './lib/opaque-token';
export * from './lib/roles.decorator';
