import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import * as yauzl from 'yauzl';

const gunzipAsync = promisify(gunzip);

/** A file as the multipart parser hands it over. */
export interface ReceivedFile {
  originalname: string;
  buffer: Buffer;
}

export interface UploadLimits {
  /** Largest FIT file accepted, once decompressed (bytes). */
  maxFitBytes: number;
  /** Most bytes all the request's archives may expand to: the guard against zip and gzip bombs. */
  maxExpandedBytes: number;
  /** Deepest nesting of zip archives (a Garmin export holds zips in a zip). */
  maxZipDepth: number;
  /** Most entries read from all archives of the request. */
  maxEntries: number;
}

export type UploadItem =
  { kind: 'fit'; fileName: string; bytes: Buffer } | { kind: 'rejected'; fileName: string; reason: string };

type Kind = 'fit' | 'fit.gz' | 'zip' | 'unsupported' | 'ignored';

/** Activity formats a user may mistake for supported ones: these are reported, not silently ignored. */
const OTHER_ACTIVITY_FORMATS = new Set(['gpx', 'tcx', 'kml', 'pwx', 'srm', 'hrm']);

function kindOfName(name: string): Kind {
  const base = (name.split('/').pop() ?? name).toLowerCase();
  if (base.startsWith('.')) return 'ignored';
  if (base.endsWith('.fit.gz')) return 'fit.gz';
  if (base.endsWith('.fit')) return 'fit';
  if (base.endsWith('.zip')) return 'zip';
  const ext = base.replace(/\.gz$/, '').split('.').pop() ?? '';
  return OTHER_ACTIVITY_FORMATS.has(ext) ? 'unsupported' : 'ignored';
}

/** A file sent without a telling name is recognised by its first bytes. */
function kindOfBytes(bytes: Buffer): Exclude<Kind, 'ignored'> {
  if (bytes.length >= 12 && bytes.toString('latin1', 8, 12) === '.FIT') return 'fit';
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'fit.gz';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'zip';
  return 'unsupported';
}

function unsupportedReason(name: string): string {
  const ext = (name.split('/').pop() ?? name).toLowerCase().replace(/\.gz$/, '').split('.').pop();
  return ext && OTHER_ACTIVITY_FORMATS.has(ext)
    ? `${ext.toUpperCase()} files are not supported: only FIT files (.fit, .fit.gz, or a .zip of them) are read`
    : 'not a FIT file: only .fit, .fit.gz and .zip files are accepted';
}

/** Counts what the request's archives expand to, across all of them. */
class Budget {
  expandedBytes = 0;
  entries = 0;
  constructor(readonly limits: UploadLimits) {}
  get remainingBytes(): number {
    return this.limits.maxExpandedBytes - this.expandedBytes;
  }
}

/**
 * The FIT files of an upload request, one at a time so each can be stored before the next is read:
 * `.fit` as is, `.fit.gz` decompressed, zip archives (nested ones too, as in Strava and Garmin exports) split
 * into their FIT entries. GPX, TCX and the like are reported as rejected; other archive entries (CSV, JSON,
 * photos) are ignored. Every decompression is capped, per file and for the request as a whole.
 */
export async function* uploadItems(
  files: readonly ReceivedFile[],
  limits: UploadLimits,
): AsyncGenerator<UploadItem> {
  const budget = new Budget(limits);
  for (const file of files) {
    const named = kindOfName(file.originalname);
    const kind = named === 'ignored' ? kindOfBytes(file.buffer) : named;
    if (kind === 'zip') yield* zipItems(file.buffer, file.originalname, 1, budget);
    else if (kind === 'unsupported') {
      yield { kind: 'rejected', fileName: file.originalname, reason: unsupportedReason(file.originalname) };
    } else yield await fitItem(file.originalname, kind, file.buffer, budget);
  }
}

async function fitItem(
  fileName: string,
  kind: 'fit' | 'fit.gz',
  bytes: Buffer,
  budget: Budget,
): Promise<UploadItem> {
  const max = budget.limits.maxFitBytes;
  if (kind === 'fit') {
    return bytes.length > max
      ? { kind: 'rejected', fileName, reason: `too large: ${bytes.length} bytes (the limit is ${max})` }
      : { kind: 'fit', fileName, bytes };
  }
  try {
    const fit = await gunzipAsync(bytes, { maxOutputLength: Math.min(max, budget.remainingBytes) });
    budget.expandedBytes += fit.length;
    return { kind: 'fit', fileName, bytes: fit };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `decompresses to more than ${Math.min(max, budget.remainingBytes)} bytes`
        : `not a valid gzip file (${(error as Error).message})`;
    return { kind: 'rejected', fileName, reason };
  }
}

async function* zipItems(
  archive: Buffer,
  archiveName: string,
  depth: number,
  budget: Budget,
): AsyncGenerator<UploadItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(archive, {
      lazyEntries: true,
      strictFileNames: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    yield {
      kind: 'rejected',
      fileName: archiveName,
      reason: `not a readable zip archive (${message(error)})`,
    };
    return;
  }
  try {
    const entries = zip.eachEntry();
    for (;;) {
      let next: IteratorResult<yauzl.Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        yield { kind: 'rejected', fileName: archiveName, reason: `damaged zip archive (${message(error)})` };
        return;
      }
      if (next.done) return;
      const entry = next.value;
      if (entry.fileName.endsWith('/') || entry.fileName.startsWith('__MACOSX/')) continue;
      const name = `${archiveName}!${entry.fileName}`;
      const kind = kindOfName(entry.fileName);
      if (kind === 'ignored') continue;
      if (kind === 'unsupported') {
        yield { kind: 'rejected', fileName: name, reason: unsupportedReason(entry.fileName) };
        continue;
      }
      budget.entries += 1;
      if (budget.entries > budget.limits.maxEntries) {
        yield {
          kind: 'rejected',
          fileName: archiveName,
          reason: `more than ${budget.limits.maxEntries} files in the archives; the rest was not read`,
        };
        return;
      }
      if (kind === 'zip' && depth >= budget.limits.maxZipDepth) {
        yield {
          kind: 'rejected',
          fileName: name,
          reason: `zip archives nested deeper than ${budget.limits.maxZipDepth} levels`,
        };
        continue;
      }
      const cap =
        kind === 'fit' ? Math.min(budget.limits.maxFitBytes, budget.remainingBytes) : budget.remainingBytes;
      if (entry.uncompressedSize > cap) {
        const reason =
          cap === budget.remainingBytes
            ? `the archives expand to more than ${budget.limits.maxExpandedBytes} bytes; the rest was not read`
            : `too large: ${entry.uncompressedSize} bytes (the limit is ${cap})`;
        yield { kind: 'rejected', fileName: name, reason };
        if (cap === budget.remainingBytes) return;
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await readEntry(zip, entry, cap);
      } catch (error) {
        yield { kind: 'rejected', fileName: name, reason: `cannot read zip entry (${message(error)})` };
        continue;
      }
      budget.expandedBytes += bytes.length;
      if (kind === 'zip') yield* zipItems(bytes, name, depth + 1, budget);
      else yield await fitItem(name, kind, bytes, budget);
    }
  } finally {
    zip.close();
  }
}

/** Reads an entry, refusing more than `cap` bytes whatever its header claims. */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > cap) {
      stream.destroy();
      throw new Error(`more than ${cap} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
