import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { LoadModule } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { ActivitiesController } from './activities/activities.controller';
import { ActivitiesService } from './activities/activities.service';
import { CappedMemoryStorage } from './uploads/capped-memory.storage';
import { ProviderActivitiesService } from './provenance/provider-activities.service';
import { IngestFitJob } from './uploads/ingest-fit.job';
import { UploadSizeInterceptor } from './uploads/upload-size.interceptor';
import { UploadStorage } from './uploads/upload-storage.service';
import { UploadsController } from './uploads/uploads.controller';
import { UploadsReconciler } from './uploads/uploads-reconciler.service';
import { UploadsService } from './uploads/uploads.service';

/**
 * Uploads and activities: FIT files in (stored, then queued), the `ingest-fit` handler, the reconciler that
 * enqueues uploads the queue lost (the worker schedules it), and the activity routes. Takes the clock from the LoadModule; needs the global DbModule, QueueModule and ConfigModule.
 */
@Module({
  imports: [
    AthletesModule,
    LoadModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: new CappedMemoryStorage(config.uploads.maxBytes),
        limits: { fields: 20, fieldSize: 64 * 1024 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [UploadsController, ActivitiesController],
  providers: [
    UploadsService,
    UploadStorage,
    UploadSizeInterceptor,
    IngestFitJob,
    ActivitiesService,
    UploadsReconciler,
    ProviderActivitiesService,
  ],
  exports: [UploadStorage, UploadsReconciler, UploadsService, ProviderActivitiesService],
})
export class IngestionModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IngestionModule.name);
  private startPass: Promise<unknown> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reconciler: UploadsReconciler,
  ) {}

  /**
   * On the inline driver nothing else picks up uploads a crash left unfinished (the BullMQ worker reconciles
   * on its own schedule), so this process does it once at start, in the background.
   */
  onApplicationBootstrap(): void {
    if (this.config.queue.driver !== 'inline') return;
    this.startPass = this.reconciler.reconcile(0).catch((error: unknown) => {
      this.logger.warn(
        `Upload reconciliation at start failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  /** A stop right after the start waits for that pass, so it never queries a database being closed. */
  async onModuleDestroy(): Promise<void> {
    await this.startPass;
  }
}
