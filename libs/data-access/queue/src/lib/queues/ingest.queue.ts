/** Queue `ingest`: decoding raw uploads. Idempotency key: the upload (its file's sha256 per athlete). */
export const INGEST_QUEUE = 'ingest';

export interface IngestFitPayload {
  uploadId: string;
}

export const ingestJobs = {
  'ingest-fit': { queue: INGEST_QUEUE, jobId: (p: IngestFitPayload) => `ingest-fit:${p.uploadId}` },
} as const;
