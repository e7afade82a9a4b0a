import { Controller, Get, Param, ParseUUIDPipe, Query, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AthleteAccessService } from '@loadwatch/feature/athletes';
import { CurrentUser, type AuthUser } from '@loadwatch/feature/auth';
import type { WeeksResponse } from '@loadwatch/shared/contracts';
import { WeeksQueryDto } from './weeks-query.dto';
import { WeeksService } from './weeks.service';

@ApiTags('weeks')
@ApiBearerAuth()
@Controller()
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class WeeksController {
  constructor(
    private readonly weeks: WeeksService,
    private readonly access: AthleteAccessService,
  ) {}

  @Get('weeks')
  @ApiOkResponse({ description: 'The weekly metrics of the caller (spec/metrics.md sections 4-8).' })
  own(@CurrentUser() user: AuthUser, @Query() query: WeeksQueryDto): Promise<WeeksResponse> {
    return this.weeks.list(user.id, query);
  }

  @Get('athletes/:athleteId/weeks')
  @ApiOkResponse({ description: "A linked athlete's weekly metrics." })
  async forAthlete(
    @CurrentUser() user: AuthUser,
    @Param('athleteId', ParseUUIDPipe) athleteId: string,
    @Query() query: WeeksQueryDto,
  ): Promise<WeeksResponse> {
    const id = await this.access.resolve(user, athleteId, 'load', 'read:weeks');
    return id === user.id ? this.weeks.list(id, query) : this.weeks.listForCoach(id, query);
  }
}
