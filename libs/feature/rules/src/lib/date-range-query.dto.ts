import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLocalDate } from '@loadwatch/feature/load';

export class DateRangeQueryDto {
  @ApiPropertyOptional({ description: 'First date to include (YYYY-MM-DD).' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last date to include (YYYY-MM-DD).' })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}
