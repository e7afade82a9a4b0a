import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AthleteAccessService } from '@loadwatch/feature/athletes';
import { CurrentUser, type AuthUser } from '@loadwatch/feature/auth';
import type { RiskProfileResponse, RiskProfileVersionView } from '@loadwatch/shared/contracts';
import { RiskProfileService } from './risk-profile.service';

@ApiTags('risk-profile')
@ApiBearerAuth()
@Controller()
export class RiskProfileController {
  constructor(
    private readonly profiles: RiskProfileService,
    private readonly access: AthleteAccessService,
  ) {}

  @Get('risk-profile')
  @ApiOkResponse({ description: "The caller's risk-profile versions, the latest first." })
  list(@CurrentUser() user: AuthUser): Promise<RiskProfileResponse> {
    return this.profiles.list(user.id);
  }

  @Put('risk-profile')
  @ApiBody({
    description:
      'One version in the vocabulary of the risk-profile JSON schema (snake_case; every item may be ' +
      '"prefer_not_to_say"). `date` (default today) is the date it applies from: a version of that date ' +
      'is replaced.',
    schema: { type: 'object', example: { date: '2026-09-28', vitamin_d: { value: 18, unit: 'ng/mL' } } },
  })
  @ApiOkResponse({ description: 'Saved; the findings are re-evaluated in the background.' })
  @ApiBadRequestResponse({ description: 'An item outside the vocabulary, named in the message.' })
  save(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<RiskProfileVersionView> {
    return this.profiles.save(user.id, body);
  }

  @Get('athletes/:athleteId/risk-profile')
  @ApiOkResponse({ description: "A linked athlete's risk profile (needs the athlete's health-data grant)." })
  async listForAthlete(
    @CurrentUser() user: AuthUser,
    @Param('athleteId', ParseUUIDPipe) athleteId: string,
  ): Promise<RiskProfileResponse> {
    const id = await this.access.resolve(user, athleteId, 'health', 'read:risk-profile');
    return this.profiles.list(id);
  }
}
