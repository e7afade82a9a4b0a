import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import { uploadItems, type ReceivedFile, type UploadItem, type UploadLimits } from './upload-files';

const FIT = Buffer.from(
  encodeActivityFit({
    start: new Date('2026-10-18T06:00:00Z'),
    utcOffsetS: 3600,
    segments: [{ distanceM: 1000, speedMps: 3.5 }],
  }),
);
const LIMITS: UploadLimits = {
  maxFitBytes: 1 << 20,
  maxExpandedBytes: 4 << 20,
  maxZipDepth: 3,
  maxEntries: 100,
};

const zip = (entries: Record<string, Uint8Array>) => Buffer.from(zipSync(entries));
const file = (originalname: string, buffer: Buffer): ReceivedFile => ({ originalname, buffer });

async function collect(files: ReceivedFile[], limits = LIMITS): Promise<string[]> {
  const seen: string[] = [];
  for await (const item of uploadItems(files, limits)) seen.push(summarize(item));
  return seen;
}

function summarize(item: UploadItem): string {
  if (item.kind === 'rejected') return `rejected ${item.fileName}: ${item.reason}`;
  return `fit ${item.fileName} ${item.bytes.equals(FIT) ? 'same bytes' : `${item.bytes.length} other bytes`}`;
}

describe('uploadItems', () => {
  it.each<[string, ReceivedFile[], string[]]>([
    ['a .fit file as is', [file('run.fit', FIT)], ['fit run.fit same bytes']],
    ['a .FIT name in capitals', [file('RUN.FIT', FIT)], ['fit RUN.FIT same bytes']],
    ['a .fit.gz decompressed', [file('run.fit.gz', gzipSync(FIT))], ['fit run.fit.gz same bytes']],
    ['a nameless FIT by its header', [file('blob', FIT)], ['fit blob same bytes']],
    ['a nameless gzip by its magic bytes', [file('blob', gzipSync(FIT))], ['fit blob same bytes']],
    [
      'GPX and TCX, plain or gzipped, rejected with the reason',
      [file('a.gpx', Buffer.from('<gpx/>')), file('b.tcx.gz', gzipSync(Buffer.from('<tcx/>')))],
      [
        'rejected a.gpx: GPX files are not supported: only FIT files (.fit, .fit.gz, or a .zip of them) are read',
        'rejected b.tcx.gz: TCX files are not supported: only FIT files (.fit, .fit.gz, or a .zip of them) are read',
      ],
    ],
    [
      'another file type rejected',
      [file('notes.txt', Buffer.from('hello'))],
      ['rejected notes.txt: not a FIT file: only .fit, .fit.gz and .zip files are accepted'],
    ],
    [
      'a Strava export: FIT and gzipped FIT entries, GPX reported, CSV and AppleDouble files ignored',
      [
        file(
          'export.zip',
          zip({
            'activities.csv': Buffer.from('id,name'),
            'activities/1.fit': FIT,
            'activities/2.fit.gz': gzipSync(FIT),
            'activities/3.gpx': Buffer.from('<gpx/>'),
            '__MACOSX/activities/._1.fit': Buffer.from('resource fork'),
            'activities/._4.fit': Buffer.from('resource fork'),
          }),
        ),
      ],
      [
        'fit export.zip!activities/1.fit same bytes',
        'fit export.zip!activities/2.fit.gz same bytes',
        'rejected export.zip!activities/3.gpx: GPX files are not supported: only FIT files (.fit, .fit.gz, or a .zip of them) are read',
      ],
    ],
    [
      'a Garmin export: zips inside a zip',
      [file('garmin.zip', zip({ 'DI_CONNECT/uploaded.zip': zip({ 'a.fit': FIT }), 'b.fit': FIT }))],
      ['fit garmin.zip!DI_CONNECT/uploaded.zip!a.fit same bytes', 'fit garmin.zip!b.fit same bytes'],
    ],
    [
      'zips nested deeper than the limit',
      [file('x.zip', zip({ 'y.zip': zip({ 'z.zip': zip({ 'a.fit': FIT }) }) }))],
      ['rejected x.zip!y.zip!z.zip: zip archives nested deeper than 2 levels'],
    ],
    [
      'a file that is not a zip despite its name',
      [file('broken.zip', Buffer.from('PK but not really a zip archive'))],
      [expect.stringMatching(/^rejected broken\.zip: not a readable zip archive/) as unknown as string],
    ],
    [
      'a damaged gzip',
      [file('run.fit.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3]))],
      [expect.stringMatching(/^rejected run\.fit\.gz: not a valid gzip file/) as unknown as string],
    ],
  ])('%s', async (_name, files, expected) => {
    await expect(collect(files, { ...LIMITS, maxZipDepth: 2 })).resolves.toEqual(expected);
  });

  it('caps what a gzip bomb may expand to', async () => {
    const bomb = gzipSync(Buffer.alloc(8 << 20));
    await expect(collect([file('bomb.fit.gz', bomb)])).resolves.toEqual([
      `rejected bomb.fit.gz: decompresses to more than ${1 << 20} bytes`,
    ]);
  });

  it('refuses a zip entry above the FIT limit without reading it', async () => {
    const archive = zip({ 'big.fit': Buffer.alloc(2 << 20), 'ok.fit': FIT });
    await expect(collect([file('a.zip', archive)])).resolves.toEqual([
      `rejected a.zip!big.fit: too large: ${2 << 20} bytes (the limit is ${1 << 20})`,
      'fit a.zip!ok.fit same bytes',
    ]);
  });

  it('stops reading archives once they expand past the request budget', async () => {
    const part = Buffer.alloc(900 << 10, 1);
    const archive = zip({ '1.fit': part, '2.fit': part, '3.fit': part, '4.fit': part, '5.fit': part });
    const seen = await collect([file('many.zip', archive)], { ...LIMITS, maxExpandedBytes: 2 << 20 });
    expect(seen).toEqual([
      `fit many.zip!1.fit ${900 << 10} other bytes`,
      `fit many.zip!2.fit ${900 << 10} other bytes`,
      `rejected many.zip!3.fit: the archives expand to more than ${2 << 20} bytes; the rest was not read`,
    ]);
  });

  it('stops after the most entries a request may hold', async () => {
    const archive = zip({ '1.fit': FIT, '2.fit': FIT, '3.fit': FIT });
    await expect(collect([file('a.zip', archive)], { ...LIMITS, maxEntries: 2 })).resolves.toEqual([
      'fit a.zip!1.fit same bytes',
      'fit a.zip!2.fit same bytes',
      'rejected a.zip: more than 2 files in the archives; the rest was not read',
    ]);
  });
});
