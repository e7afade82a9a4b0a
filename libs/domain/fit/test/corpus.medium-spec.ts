import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FitDecodeErrorCode } from '../src';
import { decodeOutcome, shapeProblems } from './support/fit-bytes';
import { type ManifestRow, readManifest } from './support/fixture-manifest';

/**
 * The extended corpus: every file of the shared fixture folder (GPL, AGPL and FIT-SDK files included, which
 * are read from there and never committed here). In CI the folder must be present.
 */
const CORPUS_DIR =
  process.env['LOADWATCH_FIXTURES_DIR'] ?? path.resolve(__dirname, '../../../../../shared/fixtures');
const MANIFEST = path.join(CORPUS_DIR, 'MANIFEST.tsv');
const present = fs.existsSync(MANIFEST);
const FILE_TIMEOUT_MS = 60_000;

/** Codes that say the bytes are damaged, as opposed to a valid file that holds no usable activity. */
const DAMAGE_CODES: FitDecodeErrorCode[] = ['empty', 'not-fit', 'crc', 'truncated', 'corrupt'];

/** The code each kind of damage named in the manifest's `valid` column must give. */
const DAMAGE_BY_REASON: [RegExp, FitDecodeErrorCode][] = [
  [/empty file/, 'empty'],
  [/not a FIT file/, 'not-fit'],
  [/CRC mismatch/, 'crc'],
  [/data missing|truncated/, 'truncated'],
  [/header corrupt|never finalized/, 'corrupt'],
];

const tolerance = (expected: number): number => Math.max(0.5, expected * 0.001);
/** The manifest says `unknown` for a session without a sport; the decoder says FIT's 'generic'. */
const sportName = (sport: string): string => (sport === 'unknown' ? 'generic' : sport);

if (!present && process.env['CI']) {
  describe('extended FIT corpus', () => {
    it('is present', () => {
      throw new Error(
        `The shared FIT corpus is missing at ${CORPUS_DIR}: CI must provide it (or set LOADWATCH_FIXTURES_DIR).`,
      );
    });
  });
} else if (!present) {
  console.warn(
    `Skipping the extended FIT corpus test: no ${MANIFEST} (set LOADWATCH_FIXTURES_DIR to run it).`,
  );
  describe('extended FIT corpus', () => {
    it.skip(`needs the shared fixtures at ${CORPUS_DIR}`, () => undefined);
  });
} else {
  const rows = readManifest(MANIFEST);
  const load = (row: ManifestRow): Uint8Array =>
    new Uint8Array(fs.readFileSync(path.join(CORPUS_DIR, row.file)));

  describe('extended FIT corpus', () => {
    it('lists every file of the corpus folder', () => {
      const listed = new Set(rows.map((row) => row.file));
      for (const dir of ['fit', 'fit-invalid']) {
        for (const name of fs.readdirSync(path.join(CORPUS_DIR, dir)))
          expect(listed).toContain(`${dir}/${name}`);
      }
    });

    const activities = rows.filter(
      (row) => row.valid && row.fileType === 'activity' && row.sports.length > 0,
    );
    it.each(activities.map((row) => [row.file, row] as const))(
      '%s decodes to its sessions with the manifest sports and totals',
      (_file, row) => {
        const outcome = decodeOutcome(load(row));
        if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
        const decoded = outcome.decoded.activities;
        expect(decoded.map((activity) => activity.sport)).toEqual(row.sports.map(sportName));
        for (const activity of decoded) {
          expect(shapeProblems(activity)).toEqual([]);
          expect(activity.sportClass === 'running').toBe(activity.sport === 'running');
        }
        if (decoded.length === 1 && row.distanceM) {
          expect(Math.abs((decoded[0].distanceM ?? 0) - row.distanceM)).toBeLessThanOrEqual(
            tolerance(row.distanceM),
          );
        }
        if (decoded.length === 1 && row.timerS !== null) {
          expect(Math.abs((decoded[0].movingTimeS ?? 0) - row.timerS)).toBeLessThanOrEqual(0.1);
        }
        for (const run of decoded.filter((activity) => activity.sport === 'running')) {
          expect(run.distanceM === null || run.distanceM >= 0).toBe(true);
          expect(run.startMs).toBeGreaterThan(Date.UTC(2000, 0, 1));
        }
      },
      FILE_TIMEOUT_MS,
    );

    // Activity files without a session: derived from their records, or refused when nothing is placeable.
    const sessionless = rows.filter(
      (row) => row.valid && row.fileType === 'activity' && row.sports.length === 0,
    );
    it.each(sessionless.map((row) => [row.file, row] as const))(
      '%s (no session) decodes from its records or has no activity data',
      (_file, row) => {
        const outcome = decodeOutcome(load(row));
        if (outcome.ok) {
          expect(outcome.decoded.activities).toHaveLength(1);
          expect(shapeProblems(outcome.decoded.activities[0])).toEqual([]);
        } else {
          expect(outcome.code).toBe('no-activity-data');
        }
      },
      FILE_TIMEOUT_MS,
    );

    const others = rows.filter((row) => row.valid && row.fileType !== 'activity');
    it.each(others.map((row) => [row.file, row] as const))(
      '%s is refused as not-activity',
      (_file, row) => {
        expect(decodeOutcome(load(row))).toMatchObject({ ok: false, code: 'not-activity' });
      },
      FILE_TIMEOUT_MS,
    );

    const broken = rows.filter((row) => !row.valid);
    it.each(broken.map((row) => [row.file, row] as const))(
      '%s fails cleanly',
      (_file, row) => {
        const outcome = decodeOutcome(load(row));
        if (outcome.ok) throw new Error(`accepted a file the manifest marks ${row.validity}`);
        const expected = DAMAGE_BY_REASON.find(([reason]) => reason.test(row.validity))?.[1];
        if (expected) expect(outcome.code).toBe(expected);
        else expect(DAMAGE_CODES).toContain(outcome.code);
      },
      FILE_TIMEOUT_MS,
    );
  });
}
