/**
 * A failure that retrying cannot fix (a corrupt file, a deleted upload): the job stops at once and the
 * reason is stored. Every other error is transient and retried with exponential backoff (style.md, Jobs).
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** The queue cannot take a job now (Redis down or too slow); the caller's committed work is picked up later. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}
