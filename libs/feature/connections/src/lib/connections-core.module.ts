import { Module } from '@nestjs/common';
import { LoadModule } from '@loadwatch/feature/load';
import { ConnectionsRedis } from './connections-redis';
import { ConnectionsService } from './connections.service';
import { ConnectionLocks } from './locks/connection-locks';
import { PROVIDER_ADAPTERS, ProviderAdapterRegistry } from './provider-adapter';
import { RateLimiterFactory } from './rate-limit/rate-limiter.factory';
import { TokenCipher } from './token-cipher';

/**
 * What every provider module builds on: the adapter registry (PROVIDER_ADAPTERS), the ConnectionsService,
 * the token cipher, and what worker processes share (rate limiters, the refresh lock, their Redis).
 * Provider modules (./strava, ./garmin) import it and register their adapter; one instance serves them all.
 */
@Module({
  imports: [LoadModule],
  providers: [
    { provide: PROVIDER_ADAPTERS, useFactory: () => new ProviderAdapterRegistry() },
    TokenCipher,
    ConnectionsService,
    ConnectionsRedis,
    ConnectionLocks,
    RateLimiterFactory,
  ],
  exports: [
    PROVIDER_ADAPTERS,
    TokenCipher,
    ConnectionsService,
    RateLimiterFactory,
    LoadModule,
    ConnectionLocks,
  ],
})
export class ConnectionsCoreModule {}
