import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { JobWorkers } from '@loadwatch/data-access/queue';
import { ConfigError, loadConfig } from '@loadwatch/shared/config';
import { WorkerModule } from './app/worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.queue.driver !== 'bullmq') {
    throw new Error(
      'The worker runs jobs from Redis: set QUEUE_DRIVER=bullmq and REDIS_URL. ' +
        '(With QUEUE_DRIVER=inline the API runs the jobs in its own process.)',
    );
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.with(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM and SIGINT close the context: the workers finish the jobs they run, then the database closes.
  app.enableShutdownHooks();
  await app.get(JobWorkers).start();
  app
    .get(Logger)
    .log(
      `Loadwatch worker running (database ${config.db.type}, queue prefix ${config.queue.prefix}, ` +
        `data in ${config.dataDir}).`,
      'Bootstrap',
    );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
