export * from './lib/access/athlete-access';
export * from './lib/access/athlete-access.service';
export * from './lib/athletes.module';
export * from './lib/coaching/coach-links.service';
export * from './lib/me/account-data.service';
export * from './lib/me/account-deletion-hooks';
export * from './lib/me/settings.service';
export * from './lib/me/urgent-redirect';
