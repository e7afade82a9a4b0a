import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

/** Paths the server answers itself; everything else without a file extension is a dashboard page. */
const SERVER_PATHS = ['/api', '/docs', '/health', '/metrics', '/admin/queues'];

/** Next to the bundled API: dist/apps/api/main.js serves dist/apps/dashboard. */
export const DEFAULT_DASHBOARD_DIR = resolve(__dirname, '../dashboard');

function isServerPath(path: string): boolean {
  return SERVER_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the dashboard build (`nx run dashboard:build`) and answers its client-side routes (/overview,
 * /invite/<token>, ...) with index.html. Without a build the API runs on alone and says so once. Hashed
 * assets are cached for a year; index.html never, so a new build shows at the next load.
 */
export function serveDashboard(app: NestExpressApplication, dir: string = DEFAULT_DASHBOARD_DIR): boolean {
  const logger = new Logger('Dashboard');
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    logger.warn(
      `No dashboard build at ${dir}: the API runs without it (build it with 'npx nx run dashboard:build').`,
    );
    return false;
  }
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      isServerPath(req.path) ||
      extname(req.path) !== ''
    ) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  logger.log(`Serving the dashboard from ${dir}.`);
  return true;
}
