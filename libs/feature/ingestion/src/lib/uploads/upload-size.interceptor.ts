import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { uploadTooLarge } from './capped-memory.storage';

/**
 * Refuses an upload whose declared Content-Length is above the limit before a byte of it is read; bodies
 * without one are capped while they stream in (CappedMemoryStorage).
 */
@Injectable()
export class UploadSizeInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.config.uploads.maxBytes) {
      throw uploadTooLarge(this.config.uploads.maxBytes);
    }
    return next.handle();
  }
}
