import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLocalDate } from '../local-date.validator';

export class WeeksQueryDto {
  @ApiPropertyOptional({ description: 'First week start to include (YYYY-MM-DD).', example: '2026-10-05' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last week start to include (YYYY-MM-DD).', example: '2026-11-30' })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}
