import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeFit, encodeActivityFit, FitDecodeError } from '@loadwatch/domain/fit';
import { failureCode, rejectionCode } from './ingest-reason';

const FIXTURES = resolve(__dirname, '../../../../../domain/fit/test/fixtures');

function decodeError(bytes: Uint8Array, maxBytes?: number): FitDecodeError | null {
  try {
    decodeFit(bytes, { maxBytes });
    return null;
  } catch (error) {
    if (error instanceof FitDecodeError) return error;
    throw error;
  }
}

/** Every refusal the committed fixtures and a few made-up inputs give: [what, error]. */
function refusals(): [string, FitDecodeError][] {
  const files = ['ok', 'not-ok'].flatMap((kind) =>
    readdirSync(join(FIXTURES, kind)).map(
      (name) => [`${kind}/${name}`, readFileSync(join(FIXTURES, kind, name))] as const,
    ),
  );
  const run = encodeActivityFit({
    start: new Date('2024-05-01T07:00:00Z'),
    utcOffsetS: 0,
    segments: [{ distanceM: 5000, speedMps: 3 }],
  });
  const made: [string, Uint8Array, number?][] = [
    ['empty', new Uint8Array(0)],
    ['too large', run, 100],
    ['cut short', run.subarray(0, run.length - 40)],
    ['text', Buffer.from('this is not a FIT file at all, just words')],
    ['one byte flipped', Uint8Array.from(run, (b, i) => (i === 200 ? b ^ 0xff : b))],
  ];
  return [
    ...files.map(([name, bytes]) => [name, decodeError(bytes)] as const),
    ...made.map(([name, bytes, max]) => [name, decodeError(bytes, max)] as const),
  ].filter((entry): entry is [string, FitDecodeError] => entry[1] !== null);
}

describe('rejectionCode', () => {
  const cases = refusals();

  it('covers most codes with real refusals', () => {
    expect(new Set(cases.map(([, error]) => error.code)).size).toBeGreaterThanOrEqual(6);
  });

  it.each(cases)('reads the code of %s back from its stored message', (_, error) => {
    expect(rejectionCode(error.message)).toBe(error.code);
  });

  it('reads the code behind a chained part label and gives other for unknown reasons', () => {
    expect(rejectionCode('chained file 2 at byte 1432: file CRC mismatch')).toBe('crc');
    expect(rejectionCode('chained file 3 at byte 90: not a FIT header')).toBe('corrupt');
    expect(rejectionCode('something new')).toBe('other');
    expect(rejectionCode(null)).toBe('other');
  });
});

describe('failureCode', () => {
  it('names the missing stored file and nothing else', () => {
    expect(failureCode('the stored file is missing')).toBe('missing-file');
    expect(failureCode('disk on fire')).toBe('other');
  });
});
