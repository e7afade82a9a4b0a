import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Activity } from '@loadwatch/domain/activity';
import { decodeFit, type DecodedFit, type DecodeFitOptions, FitDecodeError } from '../src';
import { decodeOutcome, fitFile, repairCrcs, shapeProblems, writeUint32 } from './support/fit-bytes';
import { readManifest } from './support/fixture-manifest';

const FIXTURES = path.join(__dirname, 'fixtures');
const manifest = readManifest(path.join(FIXTURES, 'MANIFEST.tsv'));
const load = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(FIXTURES, file)));
const decoded = new Map<string, DecodedFit>();
/** Decodes a committed fixture once per run. */
function decode(name: string): DecodedFit {
  const file = name.includes('/') ? name : `ok/${name}.fit`;
  const cached = decoded.get(file) ?? decodeFit(load(file));
  decoded.set(file, cached);
  return cached;
}
function only(name: string): Activity {
  const { activities } = decode(name);
  expect(activities).toHaveLength(1);
  return activities[0];
}
function failure(bytes: Uint8Array, options?: DecodeFitOptions): FitDecodeError {
  try {
    decodeFit(bytes, options);
  } catch (error) {
    if (error instanceof FitDecodeError) return error;
    throw error;
  }
  throw new Error('decodeFit accepted the input');
}

const activityRows = manifest.filter((row) => row.valid && row.fileType === 'activity');
const singleRuns = activityRows.filter((row) => row.sports.length === 1 && row.sports[0] === 'running');
const otherTypes = manifest.filter((row) => row.valid && row.fileType !== 'activity');
const brokenRows = manifest.filter((row) => !row.valid);

describe('the committed fixtures', () => {
  it('hold only files whose licence allows redistribution, each listed in MANIFEST.tsv', () => {
    for (const row of manifest) {
      expect(row.license).toMatch(/^(MIT|BSD-3-Clause|Artistic-2\.0|BSD-3-Clause \(Stages Cycling\))$/);
      expect(row.notes).not.toMatch(/origin: Garmin FIT SDK example|FIT-Protocol-License/);
    }
    const listed = new Set(manifest.map((row) => row.file));
    for (const dir of ['ok', 'not-ok']) {
      for (const name of fs.readdirSync(path.join(FIXTURES, dir))) expect(listed).toContain(`${dir}/${name}`);
    }
  });
});

describe('decodeFit on activity files', () => {
  it.each(singleRuns.map((row) => [row.file, row] as const))(
    '%s is one run with the manifest distance and timer time',
    (file, row) => {
      const run = only(file);
      expect(run).toMatchObject({ source: 'fit', sport: 'running', sportClass: 'running' });
      if (row.distanceM) expect(run.distanceM).toBeCloseTo(row.distanceM, 0);
      expect(run.movingTimeS).toBeCloseTo(row.timerS ?? NaN, 0);
    },
  );

  it.each(activityRows.map((row) => [row.file, row.sports] as const))(
    '%s yields one activity per session, in order, with a sane shape',
    (file, sports) => {
      const { activities } = decode(file);
      expect(activities.map((activity) => activity.sport)).toEqual(sports);
      for (const activity of activities) expect(shapeProblems(activity)).toEqual([]);
    },
  );

  it('splits a multisport file into sessions, each classified on its own, sharing the file offset', () => {
    const { activities, decoder } = decodeFit(
      load('ok/fitparse-garmin-fr920xt-multisport-multiple-header.fit'),
      {
        idPrefix: '0123456789abcdef',
      },
    );
    expect(decoder).toBe('fitsdk');
    expect(activities.map((a) => [a.id, a.sport, a.sportClass])).toEqual([
      ['0123456789abcdef-0', 'swimming', 'cross-training'],
      ['0123456789abcdef-1', 'transition', 'cross-training'],
      ['0123456789abcdef-2', 'cycling', 'cross-training'],
      ['0123456789abcdef-3', 'transition', 'cross-training'],
      ['0123456789abcdef-4', 'running', 'running'],
    ]);
    expect(new Set(activities.map((a) => a.utcOffsetS))).toEqual(new Set([7200]));
    const run = activities[4];
    expect(run.distanceM).toBeCloseTo(9805.92, 2);
    expect(run.stream?.timeS[0]).toBeGreaterThanOrEqual(0);
    // Each session's records start at or after its own start and end before the next one's.
    for (const [i, activity] of activities.slice(0, -1).entries()) {
      const lastTime = activity.stream?.timeS.at(-1) ?? 0;
      expect(activity.startMs + lastTime * 1000).toBeLessThan(activities[i + 1].startMs);
    }
  });

  it('decodes the FR255 triathlon, which breaks the SDK, through fit-file-parser', () => {
    const { activities, decoder, warnings } = decode('fitfileparser-garmin-fr255-multisport-summary-first');
    expect(decoder).toBe('fallback');
    expect(warnings).toContainEqual(expect.stringContaining('fit-file-parser'));
    expect(activities.map((a) => `${a.sport}/${a.subSport}`)).toEqual([
      'swimming/openWater',
      'transition/generic',
      'cycling/generic',
      'transition/generic',
      'running/generic',
    ]);
    const total = activities.reduce((sum, a) => sum + (a.distanceM ?? 0), 0);
    expect(total).toBeCloseTo(18726.4, 0);
    expect(activities[4]).toMatchObject({
      utcOffsetS: -18000,
      avgCadenceSpm: 161.41,
      device: { product: 'fr255' },
    });
  });

  it('decodes the FR70 compressed-timestamp run through fit-file-parser, anchored to its local time', () => {
    const { activities, decoder, warnings } = decode('fitparse-garmin-fr70-running-compressed-ts-antfs');
    expect(decoder).toBe('fallback');
    expect(activities).toHaveLength(1);
    const run = activities[0];
    expect(run).toMatchObject({
      sport: 'running',
      sportClass: 'running',
      startMs: Date.UTC(2012, 1, 13, 11, 23, 51),
      utcOffsetS: 0,
      movingTimeS: 3426.898,
      avgHeartRateBpm: 162,
      device: { manufacturer: 'garmin', product: 'fr70' },
    });
    expect(run.stream?.timeS).toHaveLength(686);
    expect(run.stream?.heartRateBpm.filter((hr) => hr !== null).length).toBeGreaterThan(600);
    expect(warnings).toContainEqual(expect.stringContaining('device power-on'));
  });

  it('decodes an activity chained with a settings file to its activity, and skips the settings', () => {
    const { activities, warnings } = decode('fitparse-chained-activity-settings');
    expect(activities.map((a) => [a.id, a.sport])).toEqual([['fit-0', 'running']]);
    expect(warnings).toEqual(["chained file 2: skipped: file type is 'settings'"]);
  });

  it('numbers sessions across chained activity files', () => {
    const { activities } = decode('muktihari-chained-activity-activity');
    expect(activities.map((a) => [a.id, a.sport, a.subSport])).toEqual([
      ['fit-0', 'standUpPaddleboarding', 'generic'],
      ['fit-1', 'swimming', 'lapSwimming'],
    ]);
  });

  it('keeps a file written as several header+data segments as one activity, heart rate merged', () => {
    const swim = only('fitparse-garmin-fr735xt-swimming-pool-event-timestamp');
    expect(swim).toMatchObject({ sport: 'swimming', subSport: 'lapSwimming', distanceM: 2606.04 });
    const heartRates = swim.stream?.heartRateBpm.filter((hr) => hr !== null) ?? [];
    expect(heartRates.length).toBeGreaterThan(1000);
  });

  it('reads summary fields: times, ascent and descent, heart rate, laps with intensity, device', () => {
    const run = only('fitparse-garmin-fr110-running-01');
    expect(run).toMatchObject({
      startMs: Date.UTC(2013, 1, 6, 12, 11, 14),
      utcOffsetS: null,
      distanceM: 4835.38,
      movingTimeS: 2625.14,
      elapsedTimeS: 2625.14,
      ascentM: 168,
      descentM: 160,
      avgHeartRateBpm: 147,
      device: { manufacturer: 'garmin', product: 'fr110' },
    });
    expect(run.laps).toHaveLength(5);
    expect(run.laps[0]).toEqual({
      startMs: run.startMs,
      timerTimeS: 578.73,
      elapsedTimeS: 579.2,
      distanceM: 1000,
      avgSpeedMps: 1.727,
      intensity: 'active',
    });
  });

  it.each([
    ['fitparse-garmin-fenix5-running-01', -25200],
    ['fq-garmin-fr55-running-treadmill-invalid-strings', 3600],
    ['workoutizer-garmin-fr25-running-with-nones', 7200],
    ['fitparse-garmin-fr110-running-01', null],
    ['tormoder-onelap-22-cycling-indoor-01', null],
  ])('%s has the UTC offset %p', (name, offset) => {
    expect(decode(name).activities.map((a) => a.utcOffsetS)).toEqual([offset]);
  });

  it('doubles running and walking cadence to steps per minute, and has none for cycling', () => {
    const run = only('fitparse-garmin-fenix5-running-01');
    expect(run.avgCadenceSpm).toBe(167.34); // 2 * 83 + 2 * 0.671875
    expect(run.stream?.cadenceSpm[5]).toBe(179); // 2 * (89 + 0.5)
    expect(only('fitparse-garmin-fenix5-walking-01').avgCadenceSpm).toBe(122.45); // 2 * 61 + 2 * 0.2265625
    const ride = only('fitparse-garmin-fenix5-cycling-01');
    expect(ride.avgCadenceSpm).toBeNull();
    expect(ride.stream?.cadenceSpm).toEqual([]);
  });

  it('treats an average heart rate of 0 as absent', () => {
    expect(only('tormoder-onelap-22-cycling-indoor-01').avgHeartRateBpm).toBeNull();
  });

  it('has no stream when records carry no timestamps (old pool swims), but keeps laps', () => {
    const swim = only('phpfit-garmin-fr910xt-swimming-pool-01');
    expect(swim.stream).toBeNull();
    expect(swim.distanceM).toBe(1371.6);
    expect(swim.laps.length).toBeGreaterThan(0);
  });

  it('gives the same result for a view into a larger buffer', () => {
    const bytes = load('ok/fitparse-garmin-fenix5-running-01.fit');
    const padded = new Uint8Array(bytes.length + 32);
    padded.set(bytes, 16);
    expect(decodeFit(padded.subarray(16, 16 + bytes.length))).toEqual(
      decode('fitparse-garmin-fenix5-running-01'),
    );
  });
});

describe('decodeFit on files that are no activity', () => {
  it.each(otherTypes.map((row) => [row.file, row.fileType] as const))(
    '%s is refused as not-activity, naming its type',
    (file, fileType) => {
      const error = failure(load(file));
      expect(error.code).toBe('not-activity');
      expect(error.message).toBe(`not an activity file: file type is '${fileType}'`);
    },
  );

  it('refuses a FIT file without messages', () => {
    expect(failure(fitFile([]))).toMatchObject({
      code: 'not-activity',
      message: 'not an activity file: it has no file_id message',
    });
  });
});

describe('decodeFit on broken input', () => {
  const expected: Record<string, [string, string]> = {
    'not-ok/fitparse-invalid-bad-crc.fit': ['crc', 'file CRC mismatch'],
    'not-ok/fitparse-invalid-chained-second-corrupt-header.fit': [
      'corrupt',
      'chained file 2 at byte 771: not a FIT header',
    ],
    'not-ok/fitparse-invalid-chained-second-no-data.fit': [
      'truncated',
      'chained file 2 at byte 771: truncated',
    ],
    'not-ok/fitparse-invalid-truncated-eof.fit': [
      'truncated',
      'truncated: header says 757 data bytes, 756 present',
    ],
    'not-ok/fitparse-invalid-truncated-strava-android.fit': [
      'truncated',
      'truncated: header says 78236 data bytes, 78219 present',
    ],
    'not-ok/vo2max-invalid-not-fit-text.fit': ['not-fit', 'not a FIT file'],
  };

  it('covers every not-ok fixture', () => {
    expect(brokenRows.map((row) => row.file).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(brokenRows.map((row) => [row.file, ...expected[row.file]] as const))(
    '%s fails with %s',
    (file, code, message) => {
      const error = failure(load(file));
      expect(error.code).toBe(code);
      expect(error.message).toContain(message);
    },
  );

  it('refuses empty input, which the SDK itself would accept', () => {
    expect(failure(new Uint8Array(0))).toMatchObject({ code: 'empty', message: 'empty input: 0 bytes' });
  });

  it('refuses input above maxBytes before looking at it', () => {
    const bytes = load('ok/fitparse-garmin-fenix5-running-01.fit');
    expect(failure(bytes, { maxBytes: 1024 })).toMatchObject({
      code: 'too-large',
      message: `input is ${bytes.length} bytes, above the limit of 1024`,
    });
  });

  it('refuses random bytes and text', () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 48271) % 2147483647) & 0xff);
    expect(failure(random).code).toBe('not-fit');
    expect(failure(new TextEncoder().encode('date,distance\n2024-01-01,5000\n')).code).toBe('not-fit');
  });

  it('refuses an unfinished recording whose header still says 0 data bytes', () => {
    const bytes = load('ok/fitparse-garmin-fenix5-running-01.fit').slice(0, -2);
    writeUint32(bytes, 4, 0);
    repairCrcs(bytes);
    expect(failure(bytes)).toMatchObject({ code: 'corrupt', message: expect.stringContaining('unfinished') });
  });

  it('never lets the fallback decoder accept a file whose CRC fails', () => {
    const bytes = load('ok/fitparse-garmin-fr70-running-compressed-ts-antfs.fit');
    bytes[500] ^= 0x01;
    expect(failure(bytes)).toMatchObject({ code: 'crc', message: 'file CRC mismatch' });
  });

  it('refuses a valid file followed by garbage, even though its first part decodes', () => {
    const bytes = load('ok/fitparse-garmin-fenix5-running-01.fit');
    const withTail = new Uint8Array([...bytes, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(failure(withTail).code).toBe('corrupt');
  });

  it('refuses a file whose CRC is fine but whose records are garbage', () => {
    // A data message for local message type 5, which no definition announced.
    const garbage = fitFile([0x05, 1, 2, 3]);
    expect(decodeOutcome(garbage)).toEqual({
      ok: false,
      code: 'corrupt',
      message: expect.stringMatching(/^undecodable: FIT Runtime Error/),
    });
  });
});
