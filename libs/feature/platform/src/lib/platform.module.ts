import { Module, type DynamicModule } from '@nestjs/common';
import { DbModule } from '@loadwatch/data-access/db';
import { QueueModule } from '@loadwatch/data-access/queue';
import { AlertsModule } from '@loadwatch/feature/alerts';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { AuthModule, type AuthThrottle } from '@loadwatch/feature/auth';
import { ConnectionsModule } from '@loadwatch/feature/connections';
import { IngestionModule } from '@loadwatch/feature/ingestion';
import { LoadModule } from '@loadwatch/feature/load';
import { RulesModule } from '@loadwatch/feature/rules';
import { ConfigModule, type AppConfig } from '@loadwatch/shared/config';

export interface PlatformOptions {
  /** Limits of login and registration per client IP (default 10 a minute). */
  authThrottle?: AuthThrottle;
}

/**
 * Every bounded context on the configured database and queue: what the API serves over HTTP, and what the
 * CLI (seed-demo) and later the worker run as an application context without HTTP.
 */
@Module({})
export class PlatformModule {
  static with(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.with(config),
        DbModule,
        QueueModule,
        AuthModule.forRoot({ throttle: options.authThrottle }),
        AthletesModule,
        IngestionModule,
        LoadModule,
        RulesModule,
        ConnectionsModule,
        AlertsModule,
      ],
    };
  }
}
