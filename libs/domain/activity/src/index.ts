export * from './lib/activity';
export * from './lib/sport-class';
export * from './lib/merge';
