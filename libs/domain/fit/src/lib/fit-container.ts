import { CrcCalculator } from '@garmin/fitsdk';
import { FitDecodeError } from './fit-decode-error';

/** Where one header+data+CRC segment of a FIT byte stream lies: `[start, end)`. */
export interface FitFileSpan {
  start: number;
  end: number;
  headerSize: number;
  dataSize: number;
}

const CRC_SIZE = 2;
const MIN_HEADER_SIZE = 12;

/**
 * Splits a byte stream into its segments (chained FIT files, or one activity written as several segments)
 * and checks each one's framing before any decoding: header signature, announced size against the bytes
 * present, header CRC (when not 0) and file CRC. The SDK's `checkIntegrity()` only looks at the first one.
 */
export function splitFitFiles(bytes: Uint8Array): FitFileSpan[] {
  const spans: FitFileSpan[] = [];
  let start = 0;
  while (start < bytes.length) {
    const span = readSpan(bytes, start, spans.length);
    spans.push(span);
    start = span.end;
  }
  return spans;
}

function readSpan(bytes: Uint8Array, start: number, index: number): FitFileSpan {
  const label = index === 0 ? '' : `chained file ${index + 1} at byte ${start}: `;
  const remaining = bytes.length - start;
  const headerSize = bytes[start];
  if (
    remaining < MIN_HEADER_SIZE ||
    (headerSize !== 12 && headerSize !== 14) ||
    !hasSignature(bytes, start)
  ) {
    throw index === 0
      ? new FitDecodeError('not-fit', 'not a FIT file: the input does not start with a FIT header')
      : new FitDecodeError('corrupt', `${label}not a FIT header`);
  }
  if (remaining < headerSize) {
    throw new FitDecodeError('truncated', `${label}truncated: the input ends inside the file header`);
  }
  const dataSize = readUint32(bytes, start + 4);
  const dataPresent = remaining - headerSize;
  if (dataSize === 0 && dataPresent > CRC_SIZE) {
    throw new FitDecodeError(
      'corrupt',
      `${label}unfinished file: header says 0 data bytes but ${dataPresent} bytes follow (the recording was never finalized)`,
    );
  }
  if (dataPresent < dataSize) {
    throw new FitDecodeError(
      'truncated',
      `${label}truncated: header says ${dataSize} data bytes, ${dataPresent} present`,
    );
  }
  if (dataPresent < dataSize + CRC_SIZE) {
    throw new FitDecodeError('truncated', `${label}truncated: the file CRC is missing`);
  }
  if (headerSize === 14) {
    const headerCrc = readUint16(bytes, start + 12);
    if (headerCrc !== 0 && headerCrc !== CrcCalculator.calculateCRC(bytes, start, start + 12)) {
      throw new FitDecodeError('crc', `${label}header CRC mismatch`);
    }
  }
  const crcAt = start + headerSize + dataSize;
  if (readUint16(bytes, crcAt) !== CrcCalculator.calculateCRC(bytes, start, crcAt)) {
    throw new FitDecodeError('crc', `${label}file CRC mismatch`);
  }
  return { start, end: crcAt + CRC_SIZE, headerSize, dataSize };
}

function hasSignature(bytes: Uint8Array, start: number): boolean {
  return (
    bytes[start + 8] === 0x2e && // .
    bytes[start + 9] === 0x46 && // F
    bytes[start + 10] === 0x49 && // I
    bytes[start + 11] === 0x54 // T
  );
}

function readUint16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;
}
