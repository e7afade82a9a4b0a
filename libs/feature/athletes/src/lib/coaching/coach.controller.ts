import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@loadwatch/feature/auth';
import type { InvitationResponse } from '@loadwatch/shared/contracts';
import { InvitationDto, InviteAthleteDto } from './coach-links.dto';
import { CoachLinksService } from './coach-links.service';

@ApiTags('coach')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Only coach accounts.' })
@Roles('coach')
@Controller('coach')
export class CoachController {
  constructor(private readonly links: CoachLinksService) {}

  @Post('invitations')
  @ApiCreatedResponse({ type: InvitationDto, description: 'The token is shown once; send the accept URL.' })
  @ApiConflictResponse({ description: 'The athlete is already linked to you.' })
  invite(@CurrentUser() coach: AuthUser, @Body() body: InviteAthleteDto): Promise<InvitationResponse> {
    return this.links.invite(coach, body.email);
  }
}
