import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { dataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { SafeQueryLogger } from './query-logger';
import { ACCOUNT_REPOSITORIES } from './repositories/account.repositories';
import { ALERT_REPOSITORIES } from './repositories/alerts.repositories';
import { CONNECTION_REPOSITORIES } from './repositories/connections.repositories';
import { OPS_REPOSITORIES } from './repositories/ops.repositories';
import { TRAINING_REPOSITORIES } from './repositories/training.repositories';

const REPOSITORIES = [
  ...ACCOUNT_REPOSITORIES,
  ...TRAINING_REPOSITORIES,
  ...OPS_REPOSITORIES,
  ...CONNECTION_REPOSITORIES,
  ...ALERT_REPOSITORIES,
];

/**
 * The database for the whole application: the configured driver, migrations run at start where the config
 * says so (always on the embedded default), and the repositories, which own every query.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.db),
        migrationsRun: config.db.runMigrations,
        logging: ['error', 'warn', 'migration'],
        logger: new SafeQueryLogger(),
      }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: REPOSITORIES,
  exports: [TypeOrmModule, ...REPOSITORIES],
})
export class DbModule {}
