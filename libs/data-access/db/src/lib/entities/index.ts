import { ActivitySourceEntity } from './activity-source.entity';
import { ActivityStreamEntity } from './activity-stream.entity';
import { ActivityEntity } from './activity.entity';
import { AuditLogEntity } from './audit-log.entity';
import { CoachLinkEntity } from './coach-link.entity';
import { DeletedProviderActivityEntity } from './deleted-provider-activity.entity';
import { DeletedRunEntity } from './deleted-run.entity';
import { EmailDeliveryEntity } from './email-delivery.entity';
import { FindingEntity } from './finding.entity';
import { InvitationSendEntity } from './invitation-send.entity';
import { ProviderConnectionEntity } from './provider-connection.entity';
import { RiskProfileVersionEntity } from './risk-profile-version.entity';
import { SessionEntity } from './session.entity';
import { SymptomLogEntity } from './symptom-log.entity';
import { UploadEntity } from './upload.entity';
import { UserEntity } from './user.entity';
import { WeeklyMetricEntity } from './weekly-metric.entity';

export * from './activity-source.entity';
export * from './activity-stream.entity';
export * from './activity.entity';
export * from './audit-log.entity';
export * from './coach-link.entity';
export * from './column-types';
export * from './deleted-provider-activity.entity';
export * from './deleted-run.entity';
export * from './email-delivery.entity';
export * from './finding.entity';
export * from './invitation-send.entity';
export * from './provider-connection.entity';
export * from './risk-profile-version.entity';
export * from './session.entity';
export * from './symptom-log.entity';
export * from './upload.entity';
export * from './user.entity';
export * from './weekly-metric.entity';

export const ENTITIES = [
  EmailDeliveryEntity,
  UserEntity,
  SessionEntity,
  CoachLinkEntity,
  UploadEntity,
  ActivityEntity,
  ActivityStreamEntity,
  ActivitySourceEntity,
  SymptomLogEntity,
  RiskProfileVersionEntity,
  WeeklyMetricEntity,
  FindingEntity,
  AuditLogEntity,
  ProviderConnectionEntity,
  InvitationSendEntity,
  DeletedProviderActivityEntity,
  DeletedRunEntity,
];
