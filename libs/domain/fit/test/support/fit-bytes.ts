import { CrcCalculator } from '@garmin/fitsdk';
import type { Activity } from '@loadwatch/domain/activity';
import { decodeFit, type DecodedFit, FitDecodeError, type FitDecodeErrorCode } from '../../src';

/** A FIT file around `data`: a 14-byte header (with its CRC) and the file CRC. */
export function fitFile(data: ArrayLike<number>, options: { dataSize?: number } = {}): Uint8Array {
  const bytes = new Uint8Array(14 + data.length + 2);
  bytes.set([14, 0x20, 0x08, 0x08]);
  writeUint32(bytes, 4, options.dataSize ?? data.length);
  bytes.set([0x2e, 0x46, 0x49, 0x54], 8); // ".FIT"
  bytes.set(data, 14);
  return repairCrcs(bytes);
}

/** Rewrites the header CRC (14-byte headers) and, when the announced data is all there, the file CRC. */
export function repairCrcs(bytes: Uint8Array): Uint8Array {
  const headerSize = bytes[0];
  if (headerSize === 14 && bytes.length >= 14)
    writeUint16(bytes, 12, CrcCalculator.calculateCRC(bytes, 0, 12));
  const crcAt = headerSize + readUint32(bytes, 4);
  if (crcAt + 2 <= bytes.length) writeUint16(bytes, crcAt, CrcCalculator.calculateCRC(bytes, 0, crcAt));
  return bytes;
}

/** Cuts a single FIT file to `dataSize` data bytes and makes it consistent again (header size, CRCs). */
export function truncateConsistently(file: Uint8Array, dataSize: number): Uint8Array {
  const headerSize = file[0];
  const cut = new Uint8Array(headerSize + dataSize + 2);
  cut.set(file.subarray(0, headerSize + dataSize));
  writeUint32(cut, 4, dataSize);
  return repairCrcs(cut);
}

export function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;
}

export function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes.set([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff], at);
}

function writeUint16(bytes: Uint8Array, at: number, value: number): void {
  bytes.set([value & 0xff, (value >>> 8) & 0xff], at);
}

/** Decodes and reports the outcome: the result, or the FitDecodeError's code; anything else is rethrown. */
export function decodeOutcome(
  bytes: Uint8Array,
): { ok: true; decoded: DecodedFit } | { ok: false; code: FitDecodeErrorCode; message: string } {
  try {
    return { ok: true, decoded: decodeFit(bytes) };
  } catch (error) {
    if (error instanceof FitDecodeError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** The problems of an activity's shape (empty when sane): finite numbers, a sorted stream, parallel arrays. */
export function shapeProblems(activity: Activity): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(activity.startMs)) problems.push('startMs is not finite');
  const stream = activity.stream;
  if (stream === null) return problems;
  const { timeS, ...others } = stream;
  if (timeS.length === 0) problems.push('stream without records');
  timeS.forEach((time, i) => {
    if (!Number.isFinite(time) || time < 0) problems.push(`timeS[${i}] = ${time}`);
    if (i > 0 && time < timeS[i - 1]) problems.push(`timeS decreases at ${i}`);
  });
  for (const [name, values] of Object.entries(others)) {
    if (values.length !== 0 && values.length !== timeS.length) {
      problems.push(`${name} has ${values.length} entries for ${timeS.length} times`);
    }
    if (values.some((value) => value !== null && !Number.isFinite(value)))
      problems.push(`${name} holds a non-number`);
  }
  return problems;
}
