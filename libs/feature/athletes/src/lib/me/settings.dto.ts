import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type {
  AccountRole,
  DistanceUnits,
  EmailPreferences,
  EmailPreferencesPatch,
  MeResponse,
  ReturnToRunPlan,
  SettingsPatch,
  WeekStartDay,
} from '@loadwatch/shared/contracts';
import { canonicalTimeZone, IsIanaTimeZone, IsLocalDate } from '../validation';
import { THRESHOLD_PACE_PATTERN } from './threshold-pace';

/** Present means not null: for settings that always have a value. */
const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

export class ReturnToRunDto implements ReturnToRunPlan {
  @ApiProperty({ example: '2026-12-01', description: 'First day of the plan (local date).' })
  @IsLocalDate()
  startDate!: string;

  @ApiProperty({
    type: [Number],
    example: [8, 10, 12, 15],
    description: 'Planned distance (km) of each week.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(52)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  @Min(0, { each: true })
  @Max(500, { each: true })
  weeklyDistanceKm!: number[];
}

export class EmailPreferencesPatchDto implements EmailPreferencesPatch {
  @ApiPropertyOptional({ description: 'Warning findings emailed at once.' })
  @IfPresent()
  @IsBoolean()
  warningAlerts?: boolean;

  @ApiPropertyOptional({ description: "The athlete's Monday digest." })
  @IfPresent()
  @IsBoolean()
  weeklyDigest?: boolean;

  @ApiPropertyOptional({ description: "A coach's Monday digest of all linked athletes." })
  @IfPresent()
  @IsBoolean()
  coachDigest?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      "Urgent alerts go here instead of the account's address once the address confirms (a link is emailed " +
      "to it; until then it is `urgentAlertsToPending`); null or the account's own address: the account's " +
      'address, at once. At most 5 confirmation emails in 24 hours (429).',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsOptional()
  @IsEmail({}, { message: 'emailPreferences.urgentAlertsTo must be an email address' })
  @MaxLength(320)
  urgentAlertsTo?: string | null;
}

export class EmailPreferencesDto implements EmailPreferences {
  @ApiProperty() warningAlerts!: boolean;
  @ApiProperty() weeklyDigest!: boolean;
  @ApiProperty() coachDigest!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Where urgent alerts go instead of the account address: a confirmed address, or one saved before ' +
      'addresses were confirmed (`urgentAlertsToUnconfirmed`).',
  })
  urgentAlertsTo!: string | null;
  @ApiPropertyOptional({
    description: 'Present (true) when `urgentAlertsTo` was saved before addresses were confirmed.',
  })
  urgentAlertsToUnconfirmed?: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'An address asked for urgent alerts that has not confirmed yet.',
  })
  urgentAlertsToPending!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When its confirmation email was asked for.',
  })
  urgentAlertsToPendingSince!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'While an address is pending: when its confirmation email went out; null: not (yet).',
  })
  urgentAlertsToLinkSentAt?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'While an address is pending: when its link stops working.',
  })
  urgentAlertsToLinkExpiresAt?: string;
}

/** PATCH /api/me: any subset; null clears a setting that may be empty. */
export class UpdateSettingsDto implements SettingsPatch {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string | null;

  @ApiPropertyOptional({ example: 'Europe/London', description: 'IANA time zone of your calendar.' })
  @IfPresent()
  @Transform(({ value }) => canonicalTimeZone(value))
  @IsIanaTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ enum: ['monday', 'sunday'] })
  @IfPresent()
  @IsIn(['monday', 'sunday'], { message: 'weekStart must be monday or sunday' })
  weekStart?: WeekStartDay;

  @ApiPropertyOptional({ enum: ['km', 'mi'] })
  @IfPresent()
  @IsIn(['km', 'mi'], { message: 'units must be km or mi' })
  units?: DistanceUnits;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '4:15',
    description: 'Threshold pace, m:ss per km.',
  })
  @IsOptional()
  @IsString()
  @Matches(THRESHOLD_PACE_PATTERN, {
    message: 'thresholdPace must be a pace per km written m:ss, from 1:00 to 19:59',
  })
  thresholdPace?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 100, maximum: 250 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(250)
  maxHeartRateBpm?: number | null;

  @ApiPropertyOptional({ type: ReturnToRunDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReturnToRunDto)
  returnToRun?: ReturnToRunDto | null;

  @ApiPropertyOptional({ type: EmailPreferencesPatchDto, description: 'Only the keys given change.' })
  @IfPresent()
  @ValidateNested()
  @Type(() => EmailPreferencesPatchDto)
  emailPreferences?: EmailPreferencesPatchDto;
}

export class MeDto implements MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['athlete', 'coach', 'admin'] }) role!: AccountRole;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty({ example: 'Europe/London' }) timeZone!: string;
  @ApiProperty({ enum: ['monday', 'sunday'] }) weekStart!: WeekStartDay;
  @ApiProperty({ enum: ['km', 'mi'] }) units!: DistanceUnits;
  @ApiProperty({ type: String, nullable: true, example: '4:15' }) thresholdPace!: string | null;
  @ApiProperty({ type: Number, nullable: true }) maxHeartRateBpm!: number | null;
  @ApiProperty({ type: ReturnToRunDto, nullable: true }) returnToRun!: ReturnToRunDto | null;
  @ApiProperty({ type: EmailPreferencesDto }) emailPreferences!: EmailPreferencesDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
