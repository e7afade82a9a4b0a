/**
 * Why a FIT input was refused. Every code is permanent: retrying the same bytes gives the same answer.
 * - `empty`: 0 bytes; `too-large`: over the size cap; `not-fit`: no FIT header at the start.
 * - `crc`: header or file CRC mismatch; `truncated`: fewer bytes than the header announces.
 * - `corrupt`: framing is intact but the content cannot be decoded (or a chained part is broken).
 * - `not-activity`: a valid FIT file of another type (settings, workout, course, ...).
 * - `no-activity-data`: an activity file without sessions or records.
 * - `no-start-time`: an activity whose time cannot be placed (no timestamps, or device-relative ones only).
 */
export type FitDecodeErrorCode =
  | 'empty'
  | 'too-large'
  | 'not-fit'
  | 'crc'
  | 'truncated'
  | 'corrupt'
  | 'not-activity'
  | 'no-activity-data'
  | 'no-start-time';

/** The only error `decodeFit` throws; `message` names the problem in a sentence fit for an upload status. */
export class FitDecodeError extends Error {
  override readonly name = 'FitDecodeError';

  constructor(
    readonly code: FitDecodeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
