import type { FitDecodeErrorCode } from '@loadwatch/domain/fit';

/** Why a rejected upload was refused (a FitDecodeError code), or `other` for a reason no pattern knows. */
export type RejectionCode = FitDecodeErrorCode | 'other';

/** Why an upload failed for good without being the file's fault. */
export type FailureCode = 'missing-file' | 'other';

/** Chained files prefix their message with the part they are about. */
const CHAIN_LABEL = /^chained file \d+ at byte \d+: /;

/**
 * The messages of libs/domain/fit's FitDecodeError, by code. The upload row stores the message only (the
 * ingestion feature owns that row), so the code is read back from it; a test decodes the fixture corpus and
 * checks that every message maps back to the code it was thrown with.
 */
const REJECTIONS: [RegExp, FitDecodeErrorCode][] = [
  [/^not a FIT file/, 'not-fit'],
  [/^empty input/, 'empty'],
  [/above the limit of \d+$/, 'too-large'],
  [/^truncated:/, 'truncated'],
  [/CRC mismatch$/, 'crc'],
  [/^(not a FIT header$|unfinished file:|undecodable:|decoding failed unexpectedly)/, 'corrupt'],
  [/^not an activity file/, 'not-activity'],
  [/^activity file holds no session and no timestamped records/, 'no-activity-data'],
  [
    /^(no session of the activity has a start time|timestamps are relative to device power-on)/,
    'no-start-time',
  ],
];

export function rejectionCode(reason: string | null): RejectionCode {
  const message = (reason ?? '').replace(CHAIN_LABEL, '');
  return REJECTIONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'other';
}

export function failureCode(reason: string | null): FailureCode {
  return reason === 'the stored file is missing' ? 'missing-file' : 'other';
}
