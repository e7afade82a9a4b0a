import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  ParseUUIDPipe,
  Query,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AthleteAccessService } from '@loadwatch/feature/athletes';
import { CurrentUser, type AuthUser } from '@loadwatch/feature/auth';
import type { ActivityDetail, ActivitySplitResult, ActivitySummary, Page } from '@loadwatch/shared/contracts';
import { PageQueryDto } from '../page-query.dto';
import { ActivitiesService } from './activities.service';
import { ActivityQueryDto } from './activity-query.dto';

@ApiTags('activities')
@ApiBearerAuth()
@Controller()
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class ActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly access: AthleteAccessService,
  ) {}

  @Get('activities')
  @ApiOkResponse({ description: "The caller's activities, newest first, without laps or streams." })
  list(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto): Promise<Page<ActivitySummary>> {
    return this.activities.list(user.id, page, 'owner');
  }

  @Get('activities/:id')
  @ApiOkResponse({ description: 'One activity with its laps, and its record stream with ?stream=true.' })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ActivityQueryDto,
  ): Promise<ActivityDetail> {
    return this.activities.get(user.id, id, query.stream, 'owner');
  }

  @Delete('activities/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; the weeks and findings are recomputed in the background.' })
  delete(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.activities.delete(user.id, id);
  }

  @Post('activities/:id/sources/:sourceId/split')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      'Undoes a merge: the source becomes an activity of its own, never merged again. Answers both activities.',
  })
  @ApiConflictResponse({ description: 'The activity has a single source.' })
  split(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sourceId', ParseUUIDPipe) sourceId: string,
  ): Promise<ActivitySplitResult> {
    return this.activities.split(user.id, id, sourceId);
  }

  @Get('athletes/:athleteId/activities')
  @ApiOkResponse({ description: "A linked athlete's activities (load data)." })
  async listForAthlete(
    @CurrentUser() user: AuthUser,
    @Param('athleteId', ParseUUIDPipe) athleteId: string,
    @Query() page: PageQueryDto,
  ): Promise<Page<ActivitySummary>> {
    const id = await this.access.resolve(user, athleteId, 'load', 'read:activities');
    return this.activities.list(id, page, id === user.id ? 'owner' : 'coach');
  }

  @Get('athletes/:athleteId/activities/:id')
  @ApiOkResponse({ description: "One of a linked athlete's activities." })
  async getForAthlete(
    @CurrentUser() user: AuthUser,
    @Param('athleteId', ParseUUIDPipe) athleteId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ActivityQueryDto,
  ): Promise<ActivityDetail> {
    const owner = await this.access.resolve(user, athleteId, 'load', 'read:activities');
    return this.activities.get(owner, id, query.stream, owner === user.id ? 'owner' : 'coach');
  }
}
