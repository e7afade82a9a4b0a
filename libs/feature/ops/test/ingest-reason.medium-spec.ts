import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeFit, FitDecodeError } from '@loadwatch/domain/fit';
import { rejectionCode } from '../src';

/** The shared corpus (not committed here; present in CI), as the fit library's corpus test reads it. */
const CORPUS_DIR =
  process.env['LOADWATCH_FIXTURES_DIR'] ?? resolve(__dirname, '../../../../../shared/fixtures');
/** Refusals come from small files; the large ones only make the test slow. */
const MAX_BYTES = 128 * 1024;

function refusals(): [string, FitDecodeError][] {
  return ['fit', 'fit-invalid'].flatMap((kind) =>
    readdirSync(join(CORPUS_DIR, kind))
      .filter((name) => statSync(join(CORPUS_DIR, kind, name)).size <= MAX_BYTES)
      .flatMap((name): [string, FitDecodeError][] => {
        try {
          decodeFit(readFileSync(join(CORPUS_DIR, kind, name)));
          return [];
        } catch (error) {
          if (!(error instanceof FitDecodeError)) throw error;
          return [[`${kind}/${name}`, error]];
        }
      }),
  );
}

const present = existsSync(join(CORPUS_DIR, 'fit-invalid'));

(present ? describe : describe.skip)('rejectionCode over the shared FIT corpus', () => {
  const cases = present ? refusals() : [];

  it.each(cases)('reads the code of %s back from its stored message', (_, error) => {
    expect(rejectionCode(error.message)).toBe(error.code);
  });
});

if (!present && process.env['CI']) {
  it('has the shared FIT corpus in CI', () => {
    throw new Error(`The shared FIT corpus is missing at ${CORPUS_DIR} (set LOADWATCH_FIXTURES_DIR).`);
  });
}
