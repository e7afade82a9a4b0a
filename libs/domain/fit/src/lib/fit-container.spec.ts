import { CrcCalculator } from '@garmin/fitsdk';
import { fitFile, writeUint32 } from '../../test/support/fit-bytes';
import { splitFitFiles } from './fit-container';
import { FitDecodeError } from './fit-decode-error';

function failure(bytes: Uint8Array): { code: string; message: string } {
  try {
    splitFitFiles(bytes);
  } catch (error) {
    if (error instanceof FitDecodeError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('splitFitFiles accepted the input');
}

describe('splitFitFiles', () => {
  it('returns one span for a single file and one per chained file', () => {
    const one = fitFile([1, 2, 3]);
    expect(splitFitFiles(one)).toEqual([{ start: 0, end: 19, headerSize: 14, dataSize: 3 }]);

    const two = new Uint8Array([...one, ...fitFile([4, 5])]);
    expect(splitFitFiles(two).map(({ start, end }) => [start, end])).toEqual([
      [0, 19],
      [19, 37],
    ]);
  });

  it('accepts a header CRC of 0 (not computed) and a 12-byte header', () => {
    const zeroCrc = fitFile([1, 2, 3]);
    zeroCrc.set([0, 0], 12);
    const crc = CrcCalculator.calculateCRC(zeroCrc, 0, 17);
    zeroCrc.set([crc & 0xff, crc >> 8], 17);
    expect(splitFitFiles(zeroCrc)).toHaveLength(1);

    const short = new Uint8Array(12 + 3 + 2);
    short.set([...fitFile([1, 2, 3]).subarray(0, 12), 1, 2, 3]);
    short[0] = 12;
    const shortCrc = CrcCalculator.calculateCRC(short, 0, 15);
    short.set([shortCrc & 0xff, shortCrc >> 8], 15);
    expect(splitFitFiles(short)).toEqual([{ start: 0, end: 17, headerSize: 12, dataSize: 3 }]);
  });

  it.each([
    ['text', new TextEncoder().encode('this is not a FIT file at all'), 'not-fit', 'not a FIT file'],
    ['a short input', new Uint8Array([14, 0x20, 0x08]), 'not-fit', 'not a FIT file'],
    ['a wrong signature', fitFile([1]).map((byte, i) => (i === 9 ? 0x58 : byte)), 'not-fit', 'FIT header'],
  ])('refuses %s as not-fit', (_name, bytes, code, message) => {
    expect(failure(bytes)).toEqual({ code, message: expect.stringContaining(message) });
  });

  it('names the announced and the present data sizes of a truncated file', () => {
    const bytes = fitFile([1, 2, 3, 4, 5, 6]).subarray(0, 14 + 4);
    expect(failure(bytes)).toEqual({
      code: 'truncated',
      message: 'truncated: header says 6 data bytes, 4 present',
    });
  });

  it('refuses a file whose CRC is missing', () => {
    expect(failure(fitFile([1, 2, 3]).subarray(0, 18))).toEqual({
      code: 'truncated',
      message: 'truncated: the file CRC is missing',
    });
  });

  it('refuses header and file CRC mismatches', () => {
    const badHeader = fitFile([1, 2, 3]);
    badHeader[12] ^= 0xff;
    expect(failure(badHeader)).toEqual({ code: 'crc', message: 'header CRC mismatch' });

    const badData = fitFile([1, 2, 3]);
    badData[15] ^= 0xff;
    expect(failure(badData)).toEqual({ code: 'crc', message: 'file CRC mismatch' });
  });

  it('refuses an unfinished file whose header still says 0 data bytes', () => {
    const bytes = fitFile([1, 2, 3, 4, 5, 6, 7, 8]);
    writeUint32(bytes, 4, 0);
    expect(failure(bytes)).toEqual({ code: 'corrupt', message: expect.stringContaining('unfinished file') });
  });

  it('refuses a chain whose second part is garbage or cut short, naming where', () => {
    const first = fitFile([1, 2, 3]);
    expect(failure(new Uint8Array([...first, 0, 0, 0, 0]))).toEqual({
      code: 'corrupt',
      message: 'chained file 2 at byte 19: not a FIT header',
    });
    const second = fitFile([4, 5, 6, 7]).subarray(0, 16);
    expect(failure(new Uint8Array([...first, ...second]))).toEqual({
      code: 'truncated',
      message: 'chained file 2 at byte 19: truncated: header says 4 data bytes, 2 present',
    });
  });
});
