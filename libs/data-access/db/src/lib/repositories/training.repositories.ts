import { ActivitiesRepository } from './activities.repository';
import { ActivitySourcesRepository } from './activity-sources.repository';
import { FindingsRepository } from './findings.repository';
import { RiskProfilesRepository } from './risk-profiles.repository';
import { SymptomLogsRepository } from './symptom-logs.repository';
import { UploadsRepository } from './uploads.repository';
import { WeeklyMetricsRepository } from './weekly-metrics.repository';

/** Repositories of uploads, activities, weekly metrics, symptom logs, risk profiles and findings. */
export const TRAINING_REPOSITORIES = [
  UploadsRepository,
  ActivitiesRepository,
  ActivitySourcesRepository,
  WeeklyMetricsRepository,
  SymptomLogsRepository,
  RiskProfilesRepository,
  FindingsRepository,
];
