import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@loadwatch/shared/config';
import { createApp } from './app/create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  // SIGTERM and SIGINT close the app: the inline queue drains, then the database closes.
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  app
    .get(Logger)
    .log(
      `Loadwatch listening on http://${config.host}:${config.port} (database ${config.db.type}, ` +
        `queue ${config.queue.driver}, data in ${config.dataDir}); API docs at /docs.`,
      'Bootstrap',
    );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
