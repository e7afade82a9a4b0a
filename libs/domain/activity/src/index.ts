export * from './lib/activity';
export * from './lib/sport-class';
