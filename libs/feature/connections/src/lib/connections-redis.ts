import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';

/**
 * The one Redis connection of the connections feature (shared rate limiters, cross-process locks), made on
 * first use and only on the BullMQ driver; null on the inline driver, where one process does everything.
 */
@Injectable()
export class ConnectionsRedis implements OnApplicationShutdown {
  private redis: Redis | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The Redis connection and the key prefix to write under, or null on the inline driver. */
  get(): { redis: Redis; prefix: string } | null {
    const queue = this.config.queue;
    if (queue.driver !== 'bullmq') return null;
    this.redis ??= new Redis(queue.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    return { redis: this.redis, prefix: queue.prefix };
  }

  async onApplicationShutdown(): Promise<void> {
    const redis = this.redis;
    this.redis = null;
    await redis?.quit().catch(() => redis.disconnect());
  }
}
