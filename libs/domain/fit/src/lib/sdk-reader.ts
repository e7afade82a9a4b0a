import { Decoder, type DecoderOptions, Profile, Stream } from '@garmin/fitsdk';
import type { FitFields, FitFileContent } from './fit-content';
import { emptyMessageLists, type FitMessageLists, type FitNaming, toFileContent } from './fit-messages';

/**
 * What the SDK made of an input whose framing and CRCs are already checked: one content per logical FIT
 * file. `unsupported` marks its known failure modes on valid files, which the fallback decoder handles.
 */
export type SdkReadResult =
  | { kind: 'ok'; files: FitFileContent[]; warnings: string[] }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'failed'; reason: string };

const READ_OPTIONS: DecoderOptions = {
  applyScaleAndOffset: true,
  expandComponents: true,
  expandSubFields: true,
  convertTypesToStrings: true,
  convertDateTimesToDates: true,
  includeUnknownData: false,
  decodeMemoGlobs: false,
  mergeHeartRates: true,
};

const SDK_NAMING: FitNaming = {
  key: (name) => name,
  enumValue: (value) => value,
  productName: (fileId) => {
    const garminProduct = fileId['garminProduct'];
    return typeof garminProduct === 'string' && garminProduct !== '' ? garminProduct : null;
  },
};

const LIST_BY_MESG_NUM = new Map<number, keyof FitMessageLists>([
  [Profile.MesgNum.FILE_ID, 'fileIds'],
  [Profile.MesgNum.ACTIVITY, 'activities'],
  [Profile.MesgNum.SESSION, 'sessions'],
  [Profile.MesgNum.LAP, 'laps'],
  [Profile.MesgNum.RECORD, 'records'],
  [Profile.MesgNum.SPORT, 'sports'],
]);

/** Decodes a whole input (one FIT file or several chained) with @garmin/fitsdk. */
export function readWithSdk(bytes: Uint8Array): SdkReadResult {
  const first = read(bytes, READ_OPTIONS);
  if (first.error === null) return ok(first.files, []);

  const reason = first.error;
  if (reason.includes('compressed timestamp')) {
    return { kind: 'unsupported', reason: 'the SDK does not support compressed-timestamp record headers' };
  }
  // Errors the SDK raises itself read "FIT Runtime Error ..."; anything else (the `cycles` + `totalCycles`
  // TypeError) is a bug inside the SDK on a file whose CRC is fine.
  if (!reason.startsWith('FIT Runtime Error')) {
    return { kind: 'unsupported', reason: `the SDK failed internally (${reason})` };
  }
  // A failed heart-rate merge runs after decoding and carries no byte position; decode again without it.
  if (!reason.includes(' at byte ') && first.hasHrMesgs) {
    const retry = read(bytes, { ...READ_OPTIONS, mergeHeartRates: false });
    if (retry.error === null) {
      return ok(retry.files, [`heart-rate messages were not merged into records: ${reason}`]);
    }
  }
  return { kind: 'failed', reason };
}

/**
 * The SDK flattens all chained files into the same arrays; the message listener sees messages in file
 * order, so a new logical file starts at each `file_id`. A segment without its own `file_id` (watches that
 * write one activity as several header+data segments) stays with the file before it.
 */
function read(
  bytes: Uint8Array,
  options: DecoderOptions,
): { files: FitMessageLists[]; hasHrMesgs: boolean; error: string | null } {
  const files: FitMessageLists[] = [];
  let hasHrMesgs = false;
  const { errors } = new Decoder(Stream.fromBuffer(bytes)).read({
    ...options,
    mesgListener: (mesgNum, mesg) => {
      if (mesgNum === Profile.MesgNum.HR) hasHrMesgs = true;
      const list = LIST_BY_MESG_NUM.get(mesgNum);
      if (list === undefined) return;
      if (files.length === 0 || list === 'fileIds') files.push(emptyMessageLists());
      files[files.length - 1][list].push(mesg as unknown as FitFields);
    },
  });
  return { files, hasHrMesgs, error: errors.length > 0 ? errorText(errors[0]) : null };
}

function ok(files: FitMessageLists[], warnings: string[]): SdkReadResult {
  return { kind: 'ok', files: files.map((lists) => toFileContent(lists, SDK_NAMING)), warnings };
}

function errorText(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
  ) {
    return error.message;
  }
  return String(error);
}
