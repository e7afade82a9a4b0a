import { HttpException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { RequestHandler } from 'express';
import { Roles, type AccessTokenGuard } from '@loadwatch/feature/auth';

/** What the access-token guard is asked about: a route for admin accounts only. */
@Roles('admin')
class AdminOnlyRoute {
  open(): void {
    return undefined;
  }
}

/**
 * Express middleware that runs the API's own access-token guard in front of a non-Nest router (Bull Board):
 * the same Bearer token, the same account lookup on every request, the same 401 and 403 answers.
 */
export function adminGate(guard: Pick<AccessTokenGuard, 'canActivate'>): RequestHandler {
  return (request, response, next) => {
    const context = new ExecutionContextHost(
      [request, response, next],
      AdminOnlyRoute,
      AdminOnlyRoute.prototype.open,
    );
    guard.canActivate(context).then(
      (allowed) => (allowed ? next() : response.status(403).json({ statusCode: 403, message: 'Forbidden' })),
      (error: unknown) =>
        error instanceof HttpException
          ? response.status(error.getStatus()).json(error.getResponse())
          : next(error),
    );
  };
}
