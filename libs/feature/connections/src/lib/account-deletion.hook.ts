import { Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { AccountDeletionHooks, AthletesModule, type AccountDeletionHook } from '@loadwatch/feature/athletes';
import { ConnectionsCoreModule } from './connections-core.module';
import { ConnectionsService } from './connections.service';

/**
 * Before an account is deleted, each of its connections that is not already disconnected is ended at the
 * provider as if the athlete disconnected it (Strava deauthorization, Garmin deregistration): otherwise the
 * provider would keep sending its activities and treat the account as still connected to Loadwatch.
 * Providers are asked side by side; a failure is logged by the ConnectionsService (a sentence, no token) and
 * the deletion goes on, within the time bound of AccountDeletionHooks.
 */
@Injectable()
export class ConnectionsAccountDeletionHook implements AccountDeletionHook, OnModuleInit {
  readonly name = 'provider connections';
  private readonly logger = new Logger(ConnectionsAccountDeletionHook.name);

  constructor(
    private readonly hooks: AccountDeletionHooks,
    private readonly connections: ConnectionsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async beforeAccountDeletion(userId: string): Promise<void> {
    const { connections } = await this.connections.list(userId);
    const live = connections.filter((connection) => connection.status !== 'disconnected');
    const results = await Promise.allSettled(
      live.map((connection) => this.connections.disconnect(userId, connection.provider)),
    );
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.logger.warn(
          `Ending the ${live[i].provider} connection ${live[i].id} of account ${userId} before its deletion failed: ${(result.reason as Error).message}`,
        );
      }
    });
  }
}

/** Registers the hook; imported by ConnectionsModule (AthletesModule cannot import connections: a cycle). */
@Module({
  imports: [AthletesModule, ConnectionsCoreModule],
  providers: [ConnectionsAccountDeletionHook],
})
export class ConnectionsAccountDeletionModule {}
