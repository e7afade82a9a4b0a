import { ApiProperty } from '@nestjs/swagger';
import type { FindingSeverity, RosterAthlete, RosterResponse } from '@loadwatch/shared/contracts';

export class RosterAthleteDto implements RosterAthlete {
  @ApiProperty({ format: 'uuid' }) athleteId!: string;
  @ApiProperty({ format: 'uuid' }) linkId!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty() email!: string;
  @ApiProperty() healthAccess!: boolean;
  @ApiProperty({ example: '2026-11-16' }) weekStart!: string;
  @ApiProperty({ type: Number, nullable: true }) weekDistanceM!: number | null;
  @ApiProperty({ type: Number, nullable: true }) weekRuns!: number | null;
  @ApiProperty({ type: Number, nullable: true }) ramp!: number | null;
  @ApiProperty({ type: Number, nullable: true }) speedShare!: number | null;
  @ApiProperty({ enum: ['urgent', 'warning', 'caution', 'info'], nullable: true })
  highestOpenSeverity!: FindingSeverity | null;
  @ApiProperty() openFindings!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Only with the health-data grant.' })
  lastBackPainDate!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) latestActivityStart!: string | null;
}

export class RosterDto implements RosterResponse {
  @ApiProperty({ type: [RosterAthleteDto] }) athletes!: RosterAthleteDto[];
}
