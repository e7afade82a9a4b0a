import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';

export interface HealthReport {
  status: 'ok' | 'error';
  database: { status: 'up' | 'down'; type: AppConfig['db']['type'] };
  queue: { status: 'up' | 'down'; driver: AppConfig['queue']['driver'] };
}

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, queueReady] = await Promise.all([this.pingDatabase(), this.queue.ready(1000)]);
    const queue = queueReady ? ('up' as const) : ('down' as const);
    return {
      status: database === 'up' && queue === 'up' ? 'ok' : 'error',
      database: { status: database, type: this.config.db.type },
      queue: { status: queue, driver: this.config.queue.driver },
    };
  }

  private async pingDatabase(): Promise<'up' | 'down'> {
    try {
      await this.dataSource.query('SELECT 1');
      return 'up';
    } catch (error) {
      this.logger.error(`The database did not answer the health check: ${(error as Error).message}`);
      return 'down';
    }
  }
}
