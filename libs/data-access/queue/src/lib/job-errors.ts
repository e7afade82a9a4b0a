/**
 * A failure that retrying cannot fix (a corrupt file, a deleted upload): the job stops at once and the
 * reason is stored. Every other error is transient and retried with exponential backoff (style.md, Jobs).
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/**
 * The job cannot go on before `untilMs` (a provider's rate limit): it is put back as a delayed job that runs
 * then, without using up an attempt, instead of sleeping in the worker or retrying hot.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';

  constructor(
    readonly untilMs: number,
    message: string,
  ) {
    super(message);
  }
}

/** The queue cannot take a job now (Redis down or too slow); the caller's committed work is picked up later. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}
