import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UploadedFiles,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@loadwatch/feature/auth';
import type { Page, UploadsAccepted, UploadView } from '@loadwatch/shared/contracts';
import { PageQueryDto } from '../page-query.dto';
import type { ReceivedFile } from './upload-files';
import { UploadSizeInterceptor } from './upload-size.interceptor';
import { UploadsService } from './uploads.service';

/** Most files in one request (parts of a zip archive are not counted). */
export const MAX_FILES_PER_REQUEST = 200;

@ApiTags('uploads')
@ApiBearerAuth()
@Controller('uploads')
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @HttpCode(202)
  @UseInterceptors(UploadSizeInterceptor, FilesInterceptor('files', MAX_FILES_PER_REQUEST))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['files'],
      properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } },
    },
    description: '.fit, .fit.gz, or .zip archives of them (Strava and Garmin exports, nested zips too).',
  })
  @ApiAcceptedResponse({ description: 'Stored and queued; poll GET /api/uploads/:id for the outcome.' })
  @ApiBadRequestResponse({ description: 'No file, or no FIT file among them.' })
  @ApiPayloadTooLargeResponse({ description: 'The body is larger than UPLOAD_MAX_BYTES.' })
  upload(
    @CurrentUser() user: AuthUser,
    @UploadedFiles() files: ReceivedFile[] | undefined,
  ): Promise<UploadsAccepted> {
    return this.uploads.accept(user.id, files);
  }

  @Get()
  @ApiOkResponse({ description: "The caller's uploads, newest first." })
  list(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto): Promise<Page<UploadView>> {
    return this.uploads.list(user.id, page);
  }

  @Get(':id')
  @ApiOkResponse({ description: "Status, reason and activity count of one of the caller's uploads." })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<UploadView> {
    return this.uploads.get(user.id, id);
  }
}
