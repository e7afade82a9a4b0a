export * from './lib/activities/activities.service';
export * from './lib/ingestion.module';
export * from './lib/provenance/provider-activities.service';
export * from './lib/uploads/ingest-fit.job';
export * from './lib/uploads/upload-files';
export * from './lib/uploads/upload-storage.service';
export * from './lib/uploads/uploads.service';
export * from './lib/uploads/uploads-reconciler.service';
