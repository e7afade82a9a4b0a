import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AthleteAccessService, LOAD_FINDING_RULES } from '@loadwatch/feature/athletes';
import { CurrentUser, type AuthUser } from '@loadwatch/feature/auth';
import { CoachLoadViewService } from '@loadwatch/feature/load';
import type { FindingsResponse, FindingView } from '@loadwatch/shared/contracts';
import { FindingsQueryDto } from './findings-query.dto';
import { FindingsService } from './findings.service';

@ApiTags('findings')
@ApiBearerAuth()
@Controller()
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly access: AthleteAccessService,
    private readonly coachView: CoachLoadViewService,
  ) {}

  @Get('findings')
  @ApiOkResponse({ description: "The caller's findings (open ones unless ?status=all), most serious first." })
  list(@CurrentUser() user: AuthUser, @Query() query: FindingsQueryDto): Promise<FindingsResponse> {
    return this.findings.list(user.id, query.status);
  }

  @Post('findings/:id/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Marked seen; the finding stays open while its cause does.' })
  acknowledge(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<FindingView> {
    return this.findings.acknowledge(user.id, id);
  }

  @Get('athletes/:athleteId/findings')
  @ApiOkResponse({
    description: "A linked athlete's findings: the load findings, and the others with a health-data grant.",
  })
  async listForAthlete(
    @CurrentUser() user: AuthUser,
    @Param('athleteId', ParseUUIDPipe) athleteId: string,
    @Query() query: FindingsQueryDto,
  ): Promise<FindingsResponse> {
    const id = await this.access.resolve(user, athleteId, 'load', 'read:findings');
    const health = id === user.id || (await this.access.canSeeHealth(user, id));
    // Health findings reach a coach through the health scope, which writes the audit log.
    if (health && id !== user.id) await this.access.resolve(user, id, 'health', 'read:health-findings');
    const response = await this.findings.list(id, query.status, health ? undefined : LOAD_FINDING_RULES);
    if (id === user.id) return response;
    // Findings resting on Strava-only runs stay the athlete's (spec/rules.md section 7).
    return { ...response, findings: await this.coachView.visibleToCoaches(id, response.findings) };
  }
}
