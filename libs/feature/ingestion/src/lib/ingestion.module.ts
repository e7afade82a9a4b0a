import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { LoadModule } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { ActivitiesController } from './activities/activities.controller';
import { ActivitiesService } from './activities/activities.service';
import { CappedMemoryStorage } from './uploads/capped-memory.storage';
import { IngestFitJob } from './uploads/ingest-fit.job';
import { UploadSizeInterceptor } from './uploads/upload-size.interceptor';
import { UploadStorage } from './uploads/upload-storage.service';
import { UploadsController } from './uploads/uploads.controller';
import { UploadsService } from './uploads/uploads.service';

/**
 * Uploads and activities: FIT files in (stored, then queued), the `ingest-fit` handler, and the activity
 * routes. Takes the clock from the LoadModule; needs the global DbModule, QueueModule and ConfigModule.
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
  providers: [UploadsService, UploadStorage, UploadSizeInterceptor, IngestFitJob, ActivitiesService],
  exports: [UploadStorage],
})
export class IngestionModule {}
