export * from './lib/evaluate-rules.job';
export * from './lib/findings/findings.service';
export * from './lib/risk-profile/risk-profile.service';
export * from './lib/rules.module';
export * from './lib/symptoms/symptoms.service';
