import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { GARMIN_NOTIFICATION_MAX_BYTES, GARMIN_NOTIFICATIONS_PATH } from '@loadwatch/feature/connections';
import { mountAdminQueues } from '@loadwatch/feature/ops';
import type { AppConfig } from '@loadwatch/shared/config';
import { AppModule, type AppOptions } from './app.module';
import { serveDashboard } from './dashboard/serve-dashboard';
import { validationPipe } from './validation';

export type CreateAppOptions = AppOptions & {
  /** The dashboard build to serve; default dist/apps/dashboard beside the bundled API; null: none. */
  dashboardDir?: string | null;
};

/**
 * The configured application, initialized but not listening: `main.ts` listens, end-to-end tests drive its
 * HTTP server with supertest, and later the CLI can boot the same app. The routes live under /api; /health,
 * /metrics, the OpenAPI page (/docs, JSON at /docs/openapi.json) and, on BullMQ, Bull Board for admins
 * (/admin/queues) outside it.
 */
export async function createApp(
  config: AppConfig,
  { dashboardDir, ...options }: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config, options), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.use(helmet());
  // Before Nest's own parsers (registered at init, 100 kB): Garmin's notification batches are larger. Wrapped,
  // because Nest skips its global JSON parser when it finds a layer named `jsonParser` already mounted.
  const garminJson = json({ limit: GARMIN_NOTIFICATION_MAX_BYTES });
  app.use(GARMIN_NOTIFICATIONS_PATH, (req: Request, res: Response, next: NextFunction) =>
    garminJson(req, res, next),
  );
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
  if (dashboardDir !== null) serveDashboard(app, dashboardDir);
  await app.init();
  return app;
}
