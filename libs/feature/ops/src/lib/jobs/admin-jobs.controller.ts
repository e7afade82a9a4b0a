import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  JOB_QUEUE_ADMIN,
  QUEUE_NAMES,
  type FailedJob,
  type JobQueueAdmin,
} from '@loadwatch/data-access/queue';
import { CurrentUser, Roles, type AuthUser } from '@loadwatch/feature/auth';
import { FailedJobsQueryDto } from './failed-jobs-query.dto';

export interface FailedJobsPage {
  items: FailedJob[];
  limit: number;
  offset: number;
}

export interface RetriedJob {
  queue: string;
  jobId: string;
  status: 'queued';
}

/** Jobs that failed for good, kept so an admin can see why and run them again (design.md, Queues). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/jobs')
export class AdminJobsController {
  private readonly logger = new Logger(AdminJobsController.name);

  constructor(@Inject(JOB_QUEUE_ADMIN) private readonly jobs: JobQueueAdmin) {}

  @Get('failed')
  @ApiOkResponse({
    description: 'Failed jobs of every queue, most recent first, with the reason of the last try.',
  })
  async failed(@Query() page: FailedJobsQueryDto): Promise<FailedJobsPage> {
    return { items: await this.jobs.failed(page.limit, page.offset), limit: page.limit, offset: page.offset };
  }

  @Post(':queue/:jobId/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description: 'Queued again; its outcome shows in the queue and on the upload or finding.',
  })
  @ApiNotFoundResponse({ description: 'No such queue, or no failed job with this id in it.' })
  async retry(
    @CurrentUser() admin: AuthUser,
    @Param('queue') queue: string,
    @Param('jobId') jobId: string,
  ): Promise<RetriedJob> {
    if (!QUEUE_NAMES.includes(queue)) throw new NotFoundException(`No queue ${queue}.`);
    if (!(await this.jobs.retry(queue, jobId))) {
      throw new NotFoundException(`No failed job ${jobId} in queue ${queue}.`);
    }
    this.logger.log(`Admin ${admin.id} queued failed job ${jobId} of queue ${queue} again.`);
    return { queue, jobId, status: 'queued' };
  }
}
