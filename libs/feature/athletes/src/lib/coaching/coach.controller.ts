import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@loadwatch/feature/auth';
import type { InvitationResponse, RosterResponse } from '@loadwatch/shared/contracts';
import { InvitationDto, InviteAthleteDto, RosterDto } from './coach-links.dto';
import { CoachLinksService } from './coach-links.service';
import { RosterService } from './roster.service';

@ApiTags('coach')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Only coach accounts.' })
@Roles('coach')
@Controller('coach')
export class CoachController {
  constructor(
    private readonly links: CoachLinksService,
    private readonly roster: RosterService,
  ) {}

  @Post('invitations')
  @ApiCreatedResponse({ type: InvitationDto, description: 'The token is shown once; send the accept URL.' })
  @ApiConflictResponse({ description: 'The athlete is already linked to you.' })
  invite(@CurrentUser() coach: AuthUser, @Body() body: InviteAthleteDto): Promise<InvitationResponse> {
    return this.links.invite(coach, body.email);
  }

  @Get('athletes')
  @ApiOkResponse({ type: RosterDto })
  athletes(@CurrentUser() coach: AuthUser): Promise<RosterResponse> {
    return this.roster.list(coach);
  }
}
