import { Body, Controller, Delete, Get, Param, Patch } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@loadwatch/feature/auth';
import type { CoachLinkListItem, CoachLinkView } from '@loadwatch/shared/contracts';
import { CoachLinkDto, CoachLinkListItemDto, HealthAccessDto, LinkIdParams } from './coach-links.dto';
import { CoachLinksService } from './coach-links.service';

@ApiTags('coach links')
@ApiBearerAuth()
@Controller('coach-links')
export class CoachLinksController {
  constructor(private readonly links: CoachLinksService) {}

  @Get()
  @ApiOkResponse({ type: [CoachLinkListItemDto], description: 'Your links, as athlete and as coach.' })
  list(@CurrentUser() user: AuthUser): Promise<CoachLinkListItem[]> {
    return this.links.list(user);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CoachLinkDto })
  @ApiForbiddenResponse({ description: 'Only the athlete of the link grants or withdraws.' })
  @ApiNotFoundResponse({ description: 'No link of yours has this id.' })
  @ApiConflictResponse({ description: 'The link is not accepted.' })
  setHealthAccess(
    @CurrentUser() user: AuthUser,
    @Param() params: LinkIdParams,
    @Body() body: HealthAccessDto,
  ): Promise<CoachLinkView> {
    return this.links.setHealthAccess(user, params.id, body.healthAccess);
  }

  @Delete(':id')
  @ApiOkResponse({ type: CoachLinkDto, description: 'The ended link; the athlete or the coach may end it.' })
  @ApiNotFoundResponse({ description: 'No link of yours has this id.' })
  revoke(@CurrentUser() user: AuthUser, @Param() params: LinkIdParams): Promise<CoachLinkView> {
    return this.links.revoke(user, params.id);
  }
}
