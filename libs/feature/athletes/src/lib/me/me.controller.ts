import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@loadwatch/feature/auth';
import type { AccountExport, MeResponse } from '@loadwatch/shared/contracts';
import { AccountDataService } from './account-data.service';
import { MeDto, UpdateSettingsDto } from './settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('me')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid access token.' })
@Controller('me')
export class MeController {
  constructor(
    private readonly settings: SettingsService,
    private readonly accountData: AccountDataService,
  ) {}

  @Get()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.settings.get(user.id);
  }

  @Patch()
  @ApiOkResponse({
    type: MeDto,
    description: 'Changing a setting that affects load rebuilds the weeks later.',
  })
  @ApiBadRequestResponse({ description: 'A field is invalid; the message names it.' })
  @ApiTooManyRequestsResponse({
    description: 'A new address for urgent alerts, over the limit of confirmation emails; nothing is saved.',
  })
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateSettingsDto): Promise<MeResponse> {
    return this.settings.update(user.id, body);
  }

  @Post('urgent-alerts-to/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: MeDto,
    description: 'The confirmation email of the pending address is queued again, with a new link.',
  })
  @ApiConflictResponse({ description: 'No address is waiting for confirmation.' })
  @ApiTooManyRequestsResponse({ description: 'Over the limit of confirmation emails.' })
  resendUrgentRedirect(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.settings.resendUrgentRedirect(user.id);
  }

  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="loadwatch-export.json"')
  @ApiOkResponse({ description: 'Everything stored about the account, as one JSON document.' })
  export(@CurrentUser() user: AuthUser): Promise<AccountExport> {
    return this.accountData.export(user.id);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account and all its data are deleted.' })
  delete(@CurrentUser() user: AuthUser): Promise<void> {
    return this.accountData.delete(user.id);
  }
}
