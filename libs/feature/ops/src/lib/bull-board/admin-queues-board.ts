import {
  Inject,
  Injectable,
  Logger,
  type INestApplication,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { UsersRepository } from '@loadwatch/data-access/db';
import { QUEUE_NAMES } from '@loadwatch/data-access/queue';
import { AccessTokenGuard } from '@loadwatch/feature/auth';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { adminGate } from './admin-gate';

export const ADMIN_QUEUES_PATH = '/admin/queues';

/**
 * Bull Board for admins at /admin/queues, on the BullMQ driver only (the inline driver has no Redis to show).
 * It reads the queues through Queue objects of its own, on one Redis connection, named as the driver names
 * them (QUEUE_PREFIX and the queue names).
 */
@Injectable()
export class AdminQueuesBoard implements OnApplicationShutdown {
  private readonly logger = new Logger(AdminQueuesBoard.name);
  private connection: Redis | null = null;
  private queues: Queue[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    private readonly users: UsersRepository,
  ) {}

  /** Mounts the board before the app initializes (after that, Nest's not-found handler comes first). */
  mount(app: INestApplication): boolean {
    const queue = this.config.queue;
    if (queue.driver !== 'bullmq') return false;
    this.connection = new Redis(queue.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.connection.on('error', (error) =>
      this.logger.warn(`Bull Board's Redis connection: ${error.message}`),
    );
    this.queues = QUEUE_NAMES.map(
      (name) => new Queue(name, { connection: this.connection as Redis, prefix: queue.prefix }),
    );
    const server = new ExpressAdapter().setBasePath(ADMIN_QUEUES_PATH);
    createBullBoard({
      queues: this.queues.map((q) => new BullMQAdapter(q)),
      // @bull-board/express pins its own copy of @bull-board/api (9.10.1 beside 9.10.2): the same shape,
      // declared twice. Drop the cast once package.json keeps the two packages on one version.
      serverAdapter: server as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: 'Loadwatch jobs' } },
    });
    // The API's own guard, with the JwtService the auth module configured (issuer, audience, secret).
    const guard = new AccessTokenGuard(
      new Reflector(),
      this.moduleRef.get(JwtService, { strict: false }),
      this.users,
    );
    app.use(ADMIN_QUEUES_PATH, adminGate(guard), server.getRouter());
    this.logger.log(`Bull Board mounted at ${ADMIN_QUEUES_PATH} for admins.`);
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
    this.queues = [];
    await this.connection?.quit().catch(() => undefined);
    this.connection = null;
  }
}

/** Mounts Bull Board on the BullMQ driver; call before `app.init()`. */
export function mountAdminQueues(app: INestApplication): boolean {
  return app.get(AdminQueuesBoard).mount(app);
}
