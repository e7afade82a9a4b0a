import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { DbModule } from '@loadwatch/data-access/db';
import { QueueModule } from '@loadwatch/data-access/queue';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { AuthModule, type AuthThrottle } from '@loadwatch/feature/auth';
import { IngestionModule } from '@loadwatch/feature/ingestion';
import { LoadModule } from '@loadwatch/feature/load';
import { RulesModule } from '@loadwatch/feature/rules';
import { ConfigModule, type AppConfig } from '@loadwatch/shared/config';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { loggerParams } from './logging';

export interface AppOptions {
  /** Limits of login and registration per client IP (default 10 a minute). */
  authThrottle?: AuthThrottle;
}

/** The whole server: HTTP API and, on the inline queue driver, the job handlers in the same process. */
@Module({})
export class AppModule {
  static with(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.with(config),
        LoggerModule.forRoot(loggerParams(config)),
        DbModule,
        QueueModule,
        AuthModule.forRoot({ throttle: options.authThrottle }),
        AthletesModule,
        IngestionModule,
        LoadModule,
        RulesModule,
      ],
      controllers: [HealthController],
      providers: [HealthService],
    };
  }
}
