import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '@loadwatch/feature/auth';
import { OpsMetrics } from './ops-metrics';

/**
 * Prometheus scrape endpoint, outside /api like /health. Public to the network it listens on: keep it off
 * the public proxy (the compose file publishes only what a reverse proxy should forward).
 */
@ApiTags('ops')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: OpsMetrics) {}

  @Get()
  @ApiProduces('text/plain')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'Prometheus text format: process, queue, job and ingest metrics.' })
  async scrape(): Promise<string> {
    return this.metrics.metrics();
  }
}
