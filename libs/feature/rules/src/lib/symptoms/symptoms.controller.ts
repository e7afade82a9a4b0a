import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AthleteAccessService } from '@loadwatch/feature/athletes';
import { CurrentUser, type AuthUser } from '@loadwatch/feature/auth';
import type { SymptomLogsResponse, SymptomLogView } from '@loadwatch/shared/contracts';
import { DateRangeQueryDto } from '../date-range-query.dto';
import { SymptomsService } from './symptoms.service';

const LOG_BODY = {
  description:
    'One symptom log in the vocabulary of spec/rules.md section 1 (snake_case, as the symptom-logs JSON ' +
    'schema): date, region, side, severity 0-10, when, aggravators, neurological, systemic, ' +
    'can_walk_normally, notes.',
  schema: {
    type: 'object',
    example: { date: '2026-10-21', region: 'low_back', severity: 5, when: 'after_run', aggravators: [] },
  },
};

@ApiTags('symptoms')
@ApiBearerAuth()
@Controller()
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class SymptomsController {
  constructor(
    private readonly symptoms: SymptomsService,
    private readonly access: AthleteAccessService,
  ) {}

  @Get('symptoms')
  @ApiOkResponse({ description: "The caller's symptom logs, newest first." })
  list(@CurrentUser() user: AuthUser, @Query() range: DateRangeQueryDto): Promise<SymptomLogsResponse> {
    return this.symptoms.list(user.id, range);
  }

  @Post('symptoms')
  @ApiBody(LOG_BODY)
  @ApiCreatedResponse({ description: 'Logged; the findings are re-evaluated in the background.' })
  @ApiBadRequestResponse({ description: 'A field outside the vocabulary, named in the message.' })
  @ApiConflictResponse({ description: 'A log for that date and region exists already.' })
  create(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<SymptomLogView> {
    return this.symptoms.create(user.id, body);
  }

  @Patch('symptoms/:id')
  @ApiBody({ ...LOG_BODY, description: 'Any fields of a symptom log; null clears an optional one.' })
  @ApiOkResponse({ description: 'Changed; the findings are re-evaluated in the background.' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ): Promise<SymptomLogView> {
    return this.symptoms.update(user.id, id, body);
  }

  @Delete('symptoms/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; the findings are re-evaluated in the background.' })
  delete(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.symptoms.delete(user.id, id);
  }

  @Get('athletes/:athleteId/symptoms')
  @ApiOkResponse({ description: "A linked athlete's symptom logs (needs the athlete's health-data grant)." })
  async listForAthlete(
    @CurrentUser() user: AuthUser,
    @Param('athleteId', ParseUUIDPipe) athleteId: string,
    @Query() range: DateRangeQueryDto,
  ): Promise<SymptomLogsResponse> {
    const id = await this.access.resolve(user, athleteId, 'health', 'read:symptoms');
    return this.symptoms.list(id, range);
  }
}
