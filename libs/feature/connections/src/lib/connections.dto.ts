import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { ConnectRequest, ProviderName } from '@loadwatch/shared/contracts';

export class ConnectRequestDto implements ConnectRequest {
  @ApiProperty({ enum: ['strava', 'garmin'] })
  @IsIn(['strava', 'garmin'], { message: 'provider must be strava or garmin' })
  provider!: ProviderName;
}
