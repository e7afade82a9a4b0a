import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OpsMetrics } from './ops-metrics';

export interface MetricsServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host: string;
}

export const METRICS_SERVER_OPTIONS = Symbol('METRICS_SERVER_OPTIONS');

/**
 * GET /metrics for a process without HTTP of its own (the worker): the job attempts it ran are only in its
 * own registry, so Prometheus scrapes each worker replica as well as the API.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | null = null;

  constructor(
    private readonly metrics: OpsMetrics,
    @Inject(METRICS_SERVER_OPTIONS) private readonly options: MetricsServerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.metrics.metrics().then(
        (body) => response.writeHead(200, { 'Content-Type': this.metrics.contentType }).end(body),
        (error: unknown) => {
          this.logger.error(`The metrics scrape failed: ${(error as Error).message}`);
          response.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.server = server;
    this.logger.log(`Metrics at http://${this.options.host}:${this.port()}/metrics.`);
  }

  /** The port listened on (the chosen one when configured as 0). */
  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
