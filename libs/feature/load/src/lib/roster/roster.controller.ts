import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@loadwatch/feature/auth';
import type { RosterResponse } from '@loadwatch/shared/contracts';
import { RosterDto } from './roster.dto';
import { RosterService } from './roster.service';

@ApiTags('coach')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Only coach accounts.' })
@Roles('coach')
@Controller('coach')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  @Get('athletes')
  @ApiOkResponse({ type: RosterDto })
  athletes(@CurrentUser() coach: AuthUser): Promise<RosterResponse> {
    return this.roster.list(coach);
  }
}
