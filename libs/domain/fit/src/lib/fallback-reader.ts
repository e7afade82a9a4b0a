import FitParser, { getFitGarminProductName } from 'fit-file-parser';
import type { FitFileSpan } from './fit-container';
import { fieldList, type FitFields, type FitFileContent, numberField } from './fit-content';
import { type FitMessageLists, type FitNaming, groupSegments, toFileContent } from './fit-messages';

export type FallbackReadResult = { kind: 'ok'; files: FitFileContent[] } | { kind: 'failed'; reason: string };

/** Manufacturers whose `file_id.product` is a Garmin product number (as in the FIT profile's sub-field). */
const GARMIN_PRODUCT_MAKERS = new Set(['garmin', 'dynastream', 'dynastreamOem', 'tacx']);

const FALLBACK_NAMING: FitNaming = {
  key: (name) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
  enumValue: (value) => (typeof value === 'string' ? snakeToCamel(value) : value),
  productName: (fileId, manufacturer) => {
    if (typeof manufacturer !== 'string' || !GARMIN_PRODUCT_MAKERS.has(manufacturer)) return null;
    const name = getFitGarminProductName(numberField(fileId, 'product'));
    return name ? snakeToCamel(name) : null;
  },
};

/**
 * Decodes an input with fit-file-parser, for the SDK's known failure modes only. fit-file-parser reads one
 * header+data segment at a time, so each span is parsed on its own, with `force: false`: it checks header
 * and file CRC again and never accepts a damaged file. Its snake_case fields and enum values are mapped to
 * the SDK's camelCase spelling.
 */
export function readWithFallback(bytes: Uint8Array, spans: readonly FitFileSpan[]): FallbackReadResult {
  const segments: FitMessageLists[] = [];
  for (const [i, span] of spans.entries()) {
    // A copy with a buffer of its own: a Node Buffer's slice would share its pool.
    const parsed = parseSegment(new Uint8Array(bytes.subarray(span.start, span.end)));
    if (parsed.kind === 'failed') {
      const where = spans.length > 1 ? ` (segment ${i + 1})` : '';
      return { kind: 'failed', reason: `${parsed.reason}${where}` };
    }
    segments.push(parsed.lists);
  }
  return { kind: 'ok', files: groupSegments(segments).map((lists) => toFileContent(lists, FALLBACK_NAMING)) };
}

function parseSegment(
  segment: Uint8Array<ArrayBuffer>,
): { kind: 'ok'; lists: FitMessageLists } | { kind: 'failed'; reason: string } {
  let result: { kind: 'ok'; lists: FitMessageLists } | { kind: 'failed'; reason: string } = {
    kind: 'failed',
    reason: 'fit-file-parser returned nothing',
  };
  const parser = new FitParser({ force: false, mode: 'list', speedUnit: 'm/s', lengthUnit: 'm' });
  try {
    // parse() reports through its callback synchronously; parseAsync() would only wrap it in a promise.
    parser.parse(segment.buffer, (error, data) => {
      if (error !== undefined) {
        result = { kind: 'failed', reason: String(error) };
      } else if (data !== undefined) {
        result = { kind: 'ok', lists: toLists(data as unknown as FitFields) };
      }
    });
  } catch (error) {
    // It reports bad framing through the callback but throws on broken records.
    result = { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  return result;
}

function toLists(data: FitFields): FitMessageLists {
  // `data.activity` holds only the last activity message; `data.messages.activity` holds them all.
  const byName = data['messages'];
  const activities = typeof byName === 'object' && byName !== null ? (byName as FitFields)['activity'] : [];
  return {
    fileIds: fieldList(data['file_ids']),
    activities: fieldList(activities),
    sessions: fieldList(data['sessions']),
    laps: fieldList(data['laps']),
    records: fieldList(data['records']),
    sports: fieldList(data['sports']),
  };
}

function snakeToCamel(value: string): string {
  return value.replace(/_([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}
