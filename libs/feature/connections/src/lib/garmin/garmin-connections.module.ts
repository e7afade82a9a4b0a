import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { IngestionModule } from '@loadwatch/feature/ingestion';
import { ConnectionsCoreModule } from '../connections-core.module';
import { PROVIDER_ADAPTERS, type ProviderAdapterRegistry } from '../provider-adapter';
import { GarminAdapter } from './garmin.adapter';
import { GarminApi } from './garmin-api.service';
import { GarminFileStash } from './garmin-file-stash';
import { GarminNotificationsController } from './garmin-notifications.controller';
import { GarminSyncJobs } from './garmin-sync.jobs';

/**
 * Garmin: its adapter (registered in PROVIDER_ADAPTERS only when GARMIN_CLIENT_ID is set), the sync jobs
 * (always registered: every job needs its handler) and the notification endpoint (404 when unconfigured).
 */
@Module({
  imports: [ConnectionsCoreModule, IngestionModule],
  controllers: [GarminNotificationsController],
  providers: [GarminApi, GarminAdapter, GarminSyncJobs, GarminFileStash],
})
export class GarminConnectionsModule implements OnModuleInit {
  constructor(
    @Inject(PROVIDER_ADAPTERS) private readonly registry: ProviderAdapterRegistry,
    private readonly adapter: GarminAdapter,
    private readonly api: GarminApi,
  ) {}

  onModuleInit(): void {
    if (this.api.isConfigured) this.registry.register(this.adapter);
  }
}
