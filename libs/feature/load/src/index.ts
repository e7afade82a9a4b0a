export * from './lib/clock';
export * from './lib/coach-load-view.service';
export * from './lib/load-report.service';
export * from './lib/load.module';
export * from './lib/local-date.validator';
export * from './lib/recompute-load.job';
export * from './lib/roster/roster.service';
export * from './lib/weeks/weeks.service';
