import { ActivityStreamEntity } from './activity-stream.entity';
import { ActivityEntity } from './activity.entity';
import { AuditLogEntity } from './audit-log.entity';
import { CoachLinkEntity } from './coach-link.entity';
import { FindingEntity } from './finding.entity';
import { RiskProfileVersionEntity } from './risk-profile-version.entity';
import { SessionEntity } from './session.entity';
import { SymptomLogEntity } from './symptom-log.entity';
import { UploadEntity } from './upload.entity';
import { UserEntity } from './user.entity';
import { WeeklyMetricEntity } from './weekly-metric.entity';

export * from './activity-stream.entity';
export * from './activity.entity';
export * from './audit-log.entity';
export * from './coach-link.entity';
export * from './column-types';
export * from './finding.entity';
export * from './risk-profile-version.entity';
export * from './session.entity';
export * from './symptom-log.entity';
export * from './upload.entity';
export * from './user.entity';
export * from './weekly-metric.entity';

export const ENTITIES = [
  UserEntity,
  SessionEntity,
  CoachLinkEntity,
  UploadEntity,
  ActivityEntity,
  ActivityStreamEntity,
  SymptomLogEntity,
  RiskProfileVersionEntity,
  WeeklyMetricEntity,
  FindingEntity,
  AuditLogEntity,
];
