import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const FINDING_STATUS_FILTERS = ['open', 'retracted', 'all'] as const;
export type FindingStatusFilter = (typeof FINDING_STATUS_FILTERS)[number];

export class FindingsQueryDto {
  @ApiPropertyOptional({ enum: FINDING_STATUS_FILTERS, default: 'open' })
  @IsOptional()
  @IsIn(FINDING_STATUS_FILTERS)
  status: FindingStatusFilter = 'open';
}
