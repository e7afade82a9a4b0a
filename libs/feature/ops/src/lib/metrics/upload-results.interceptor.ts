import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { tap, type Observable } from 'rxjs';
import type { UploadsAccepted } from '@loadwatch/shared/contracts';
import { UploadMetrics } from './upload-metrics';

/** The answer of POST /api/uploads, told apart from other bodies by its shape. */
function isUploadsAccepted(body: unknown): body is UploadsAccepted {
  const candidate = body as Partial<UploadsAccepted> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Array.isArray(candidate.uploads) &&
    Array.isArray(candidate.rejected) &&
    candidate.uploads.every((u) => u?.status === 'received' || u?.status === 'duplicate')
  );
}

/**
 * Counts the files of each upload request as it is answered, without touching the ingestion feature: the
 * only place where a duplicate upload is seen, since it gets no row of its own.
 */
@Injectable()
export class UploadResultsInterceptor implements NestInterceptor {
  constructor(private readonly uploads: UploadMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || context.switchToHttp().getRequest<Request>().method !== 'POST') {
      return next.handle();
    }
    return next.handle().pipe(tap((body) => isUploadsAccepted(body) && this.uploads.countFiles(body)));
  }
}
