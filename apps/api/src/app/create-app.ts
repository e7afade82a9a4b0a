import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { mountAdminQueues } from '@loadwatch/feature/ops';
import type { AppConfig } from '@loadwatch/shared/config';
import { AppModule, type AppOptions } from './app.module';
import { validationPipe } from './validation';

export type CreateAppOptions = AppOptions;

/**
 * The configured application, initialized but not listening: `main.ts` listens, end-to-end tests drive its
 * HTTP server with supertest, and later the CLI can boot the same app. The routes live under /api; /health,
 * /metrics, the OpenAPI page (/docs, JSON at /docs/openapi.json) and, on BullMQ, Bull Board for admins
 * (/admin/queues) outside it.
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config, options), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.use(helmet());
  app.setGlobalPrefix('api', { exclude: ['health', 'metrics'] });
  app.useGlobalPipes(validationPipe());

  const openApi = new DocumentBuilder()
    .setTitle('Loadwatch API')
    .setDescription(
      'Training load, findings and coach links. Health data is shown only where its athlete allows.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'docs/openapi.json',
  });

  mountAdminQueues(app);
  await app.init();
  return app;
}
