import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { decodeOutcome, fitFile, repairCrcs, shapeProblems, truncateConsistently } from './support/fit-bytes';

/**
 * Property tests: whatever the bytes, decodeFit returns sane activities or throws FitDecodeError, nothing
 * else. Runs are bounded; the Jest timeouts are the hang guard (no wall-clock assertions).
 */
const RUNS = 200;
const TIMEOUT_MS = 120_000;

// Small fixtures, one per decoding path: the SDK, a chain, and the fit-file-parser fallback.
const seeds = [
  'fitparse-garmin-fenix5-running-01.fit',
  'fitparse-chained-activity-settings.fit',
  'fitparse-garmin-fr70-running-compressed-ts-antfs.fit',
].map((name) => new Uint8Array(fs.readFileSync(path.join(__dirname, 'fixtures/ok', name))));

function expectDecodesOrFitError(bytes: Uint8Array): void {
  const outcome = decodeOutcome(bytes);
  if (outcome.ok) {
    for (const activity of outcome.decoded.activities) expect(shapeProblems(activity)).toEqual([]);
  }
}

const mutation = fc.record({
  seed: fc.integer({ min: 0, max: seeds.length - 1 }),
  edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
  repair: fc.boolean(),
});

describe('decodeFit never throws anything but FitDecodeError', () => {
  it(
    'on random bytes',
    () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), expectDecodesOrFitError), { numRuns: RUNS });
    },
    TIMEOUT_MS,
  );

  it(
    'on random records inside a valid header and CRC, so the decoders themselves see garbage',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 1, maxLength: 2048 }), (data) =>
          expectDecodesOrFitError(fitFile(data)),
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'on fixture files with bytes changed, with and without repaired CRCs',
    () => {
      fc.assert(
        fc.property(mutation, ({ seed, edits, repair }) => {
          const bytes = seeds[seed].slice();
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          expectDecodesOrFitError(repair ? repairCrcs(bytes) : bytes);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'on fixture files cut short, raw or with header and CRC made consistent again',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: seeds.length - 1 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.boolean(),
          (seed, fraction, consistent) => {
            const file = seeds[seed];
            const dataSize = file.length - file[0] - 2;
            const keep = Math.floor(fraction * dataSize);
            expectDecodesOrFitError(
              consistent ? truncateConsistently(file, keep) : file.subarray(0, file[0] + keep),
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
