import { Module } from '@nestjs/common';
import { ConnectionsAccountDeletionModule } from './account-deletion.hook';
import { ConnectionsCoreModule } from './connections-core.module';
import { ConnectionsController } from './connections.controller';
import { SyncReconciler } from './reconcile/sync-reconciler.service';
import { GarminConnectionsModule } from './garmin/garmin-connections.module';
import { StravaConnectionsModule } from './strava/strava-connections.module';

/**
 * Provider connections: the routes, the core (service, cipher, adapters, limiters) and each provider's
 * module, which registers its adapter through PROVIDER_ADAPTERS. Garmin's module (./garmin) is added to
 * the imports here. The SyncReconciler resumes interrupted backfills (SyncReconcileTick runs it).
 */
@Module({
  imports: [
    ConnectionsCoreModule,
    StravaConnectionsModule,
    GarminConnectionsModule,
    ConnectionsAccountDeletionModule,
  ],
  controllers: [ConnectionsController],
  providers: [SyncReconciler],
  exports: [ConnectionsCoreModule, SyncReconciler],
})
export class ConnectionsModule {}
