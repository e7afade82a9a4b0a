import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
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
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateSettingsDto): Promise<MeResponse> {
    return this.settings.update(user.id, body);
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
