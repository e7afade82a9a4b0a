export * from './lib/access/athlete-access';
export * from './lib/access/athlete-access.service';
export * from './lib/athletes.module';
