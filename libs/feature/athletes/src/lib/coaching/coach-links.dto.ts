import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsUUID, Matches, MaxLength } from 'class-validator';
import { OPAQUE_TOKEN_PATTERN } from '@loadwatch/feature/auth';
import type {
  CoachLinkListItem,
  CoachLinkState,
  CoachLinkView,
  InvitationPreview,
  LinkParty,
  InvitationResponse,
} from '@loadwatch/shared/contracts';

export class InviteAthleteDto {
  @ApiProperty({ example: 'runner@example.com', description: 'The email the athlete signs in with.' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;
}

export class HealthAccessDto {
  @ApiProperty({
    description: 'Whether this coach may see your symptom logs, risk profile and findings built on them.',
  })
  @IsBoolean({ message: 'healthAccess must be true or false' })
  healthAccess!: boolean;
}

export class LinkIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class InvitationTokenParams {
  @ApiProperty({ description: 'The token of the invitation (43 characters).' })
  @Matches(OPAQUE_TOKEN_PATTERN, { message: 'token must be an invitation token (43 characters)' })
  token!: string;
}

export class CoachLinkDto implements CoachLinkView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) coachId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) athleteId!: string | null;
  @ApiProperty() inviteEmail!: string;
  @ApiProperty({ enum: ['invited', 'accepted', 'revoked'] }) status!: CoachLinkState;
  @ApiProperty() healthAccess!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class LinkPartyDto implements LinkParty {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty() email!: string;
}

export class CoachLinkListItemDto extends CoachLinkDto implements CoachLinkListItem {
  @ApiProperty({ type: LinkPartyDto, nullable: true }) coach!: LinkPartyDto | null;
  @ApiProperty({ type: LinkPartyDto, nullable: true, description: 'Null until accepted.' })
  athlete!: LinkPartyDto | null;
}

class InvitingCoachDto {
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty() email!: string;
}

export class InvitationPreviewDto implements InvitationPreview {
  @ApiProperty({ type: InvitingCoachDto }) coach!: InvitingCoachDto;
  @ApiProperty() inviteEmail!: string;
  @ApiProperty({ enum: ['invited', 'accepted', 'revoked'] }) status!: CoachLinkState;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class InvitationDto implements InvitationResponse {
  @ApiProperty({ type: CoachLinkDto }) link!: CoachLinkDto;
  @ApiProperty({ description: 'Shown once: only its hash is stored.' }) token!: string;
  @ApiProperty({ description: 'Where the athlete accepts the invitation.' }) acceptUrl!: string;
}
