import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '@loadwatch/feature/auth';
import type { CoachLinkView, InvitationPreview } from '@loadwatch/shared/contracts';
import { CoachLinkDto, InvitationPreviewDto, InvitationTokenParams } from './coach-links.dto';
import { CoachLinksService } from './coach-links.service';

@ApiTags('coach links')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly links: CoachLinksService) {}

  @Get(':token')
  @Public()
  @ApiOkResponse({ type: InvitationPreviewDto, description: 'Who invites whom; no sign-in needed.' })
  @ApiNotFoundResponse({ description: 'No invitation has this token.' })
  preview(@Param() params: InvitationTokenParams): Promise<InvitationPreview> {
    return this.links.preview(params.token);
  }

  @Post(':token/accept')
  @Roles('athlete')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CoachLinkDto, description: 'The accepted link (no health-data access yet).' })
  @ApiForbiddenResponse({
    description: 'Not an athlete account, or the invitation was sent to another email.',
  })
  @ApiNotFoundResponse({ description: 'No invitation has this token.' })
  @ApiGoneResponse({ description: 'The invitation was withdrawn or has expired.' })
  accept(@CurrentUser() athlete: AuthUser, @Param() params: InvitationTokenParams): Promise<CoachLinkView> {
    return this.links.accept(athlete, params.token);
  }
}
