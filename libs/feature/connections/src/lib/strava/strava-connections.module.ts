import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { IngestionModule } from '@loadwatch/feature/ingestion';
import { ConnectionsCoreModule } from '../connections-core.module';
import { PROVIDER_ADAPTERS, type ProviderAdapterRegistry } from '../provider-adapter';
import { StravaAdapter } from './strava.adapter';
import { StravaApi } from './strava-api.service';
import { StravaSubscriptionCheck } from './strava-subscription-check';
import { StravaSyncJobs } from './strava-sync.jobs';
import { StravaWebhookController } from './strava-webhook.controller';

/**
 * Strava: its adapter (registered in PROVIDER_ADAPTERS only when STRAVA_CLIENT_ID is set), the rate-limited
 * API, the sync jobs (always registered: every job needs its handler; unconfigured they fail for good) and
 * the webhook (404 when unconfigured).
 */
@Module({
  imports: [ConnectionsCoreModule, IngestionModule],
  controllers: [StravaWebhookController],
  providers: [StravaApi, StravaAdapter, StravaSyncJobs, StravaSubscriptionCheck],
})
export class StravaConnectionsModule implements OnModuleInit {
  constructor(
    @Inject(PROVIDER_ADAPTERS) private readonly registry: ProviderAdapterRegistry,
    private readonly adapter: StravaAdapter,

    private readonly api: StravaApi,
  ) {}

  onModuleInit(): void {
    if (this.api.isConfigured) this.registry.register(this.adapter);
  }
}
