import type { Activity } from '@loadwatch/domain/activity';
import { readWithFallback } from './fallback-reader';
import { splitFitFiles } from './fit-container';
import type { FitFileContent } from './fit-content';
import { FitDecodeError } from './fit-decode-error';
import { normalizeActivityFile } from './normalize-activities';
import { readWithSdk } from './sdk-reader';

export interface DecodeFitOptions {
  /** Prefix of activity ids, `${idPrefix}-${sessionIndex}`: the caller passes 16 hex chars of the file's sha256. */
  idPrefix?: string;
  /** Inputs above this many bytes are refused with `too-large` (default 64 MiB). */
  maxBytes?: number;
}

export interface DecodedFit {
  /** One activity per session, in session order across all chained files. */
  activities: Activity[];
  /** What was dropped, guessed or worked around; each a sentence. */
  warnings: string[];
  /** 'fallback' when any part of the input needed fit-file-parser. */
  decoder: 'fitsdk' | 'fallback';
}

/** Default `maxBytes`: far above any real activity file (a 14-hour multisport day is about 3 MB). */
export const DEFAULT_MAX_FIT_BYTES = 64 * 1024 * 1024;

/** FIT types the SDK's profile has no name for, seen in real files. */
const UNNAMED_FILE_TYPES: Readonly<Record<number, string>> = { 8: 'locations' };

/**
 * Decodes FIT bytes (one file or several chained) into one normalized activity per session.
 *
 * The framing and CRC of every chained part are checked before decoding; @garmin/fitsdk decodes, and
 * fit-file-parser only steps in for the SDK's known failures on intact files (compressed-timestamp
 * headers, its internal TypeErrors). Damaged input is refused whole, even when part of it would decode.
 * Non-activity parts of a chain (such as a settings file after an activity) are skipped with a warning.
 *
 * @throws FitDecodeError for every input that does not yield an activity; nothing else escapes.
 */
export function decodeFit(bytes: Uint8Array, options: DecodeFitOptions = {}): DecodedFit {
  try {
    return decode(bytes, options);
  } catch (error) {
    if (error instanceof FitDecodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FitDecodeError('corrupt', `decoding failed unexpectedly: ${reason}`, { cause: error });
  }
}

function decode(bytes: Uint8Array, options: DecodeFitOptions): DecodedFit {
  if (!(bytes instanceof Uint8Array)) {
    throw new FitDecodeError('not-fit', 'not a FIT file: the input is not a byte array');
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FIT_BYTES;
  if (bytes.length === 0) throw new FitDecodeError('empty', 'empty input: 0 bytes');
  // Written so that a NaN limit refuses everything rather than nothing.
  if (!(bytes.length <= maxBytes)) {
    throw new FitDecodeError('too-large', `input is ${bytes.length} bytes, above the limit of ${maxBytes}`);
  }

  const spans = splitFitFiles(bytes);
  const warnings: string[] = [];
  let decoder: DecodedFit['decoder'] = 'fitsdk';
  let files: FitFileContent[];
  const sdk = readWithSdk(bytes);
  if (sdk.kind === 'ok') {
    files = sdk.files;
    warnings.push(...sdk.warnings);
  } else if (sdk.kind === 'failed') {
    throw new FitDecodeError('corrupt', `undecodable: ${sdk.reason}`);
  } else {
    const fallback = readWithFallback(bytes, spans);
    if (fallback.kind === 'failed') {
      throw new FitDecodeError(
        'corrupt',
        `undecodable: ${sdk.reason}, and fit-file-parser failed too (${fallback.reason})`,
      );
    }
    files = fallback.files;
    decoder = 'fallback';
    warnings.push(`decoded with fit-file-parser: ${sdk.reason}`);
  }

  const parts = files.map((content, i) => ({
    content,
    label: files.length === 1 ? '' : `chained file ${i + 1}: `,
  }));
  const activityParts = parts.filter((part) => part.content.fileType === 'activity');
  if (activityParts.length === 0) {
    throw new FitDecodeError(
      'not-activity',
      `not an activity file: ${parts.length > 0 ? describeType(parts[0].content) : 'it has no file_id message'}`,
    );
  }
  for (const part of parts) {
    if (part.content.fileType !== 'activity') {
      warnings.push(`${part.label}skipped: ${describeType(part.content)}`);
    }
  }

  const idPrefix = options.idPrefix ?? 'fit';
  const activities: Activity[] = [];
  let firstSessionIndex = 0;
  for (const part of activityParts) {
    const normalized = normalizeActivityFile(part.content, {
      idPrefix,
      firstSessionIndex,
      label: part.label,
    });
    activities.push(...normalized.activities);
    warnings.push(...normalized.warnings);
    firstSessionIndex += normalized.sessionCount;
  }
  return { activities, warnings, decoder };
}

function describeType(content: FitFileContent): string {
  if (!content.hasFileId) return 'it has no file_id message';
  const type = content.fileType;
  if (type === null) return 'its file_id has no file type';
  if (typeof type === 'number') {
    const name = UNNAMED_FILE_TYPES[type];
    return name ? `file type is '${name}' (${type})` : `file type is ${type}`;
  }
  return `file type is '${type}'`;
}
