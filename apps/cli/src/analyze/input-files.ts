import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import * as yauzl from 'yauzl';

const gunzipAsync = promisify(gunzip);

/** Largest FIT file accepted (bytes), compressed or not: far above any real activity, a guard against bombs. */
export const MAX_FIT_BYTES = 64 * 1024 * 1024;

/** One FIT recording found in the inputs; its bytes are read only when needed. */
export interface InputFile {
  /** Display name: the path, with `!` separating a zip archive from the entry inside it. */
  name: string;
  /** Bytes the recording occupies in the inputs (a zip entry: compressed), for the progress bar. */
  diskBytes: number;
  read(): Promise<Buffer>;
}

/** An input that cannot be read as FIT, with the reason. */
export interface InputProblem {
  file: string;
  reason: string;
}

type Kind = 'fit' | 'fit.gz' | 'zip' | 'unsupported' | 'ignored';

const UNSUPPORTED = new Set(['.gpx', '.tcx', '.kml', '.pwx', '.srm', '.hrm', '.json']);

function kindOf(name: string): Kind {
  const lower = name.toLowerCase();
  if (lower.endsWith('.fit.gz')) return 'fit.gz';
  if (lower.endsWith('.fit')) return 'fit';
  if (lower.endsWith('.zip')) return 'zip';
  const ext = extname(lower.endsWith('.gz') ? lower.slice(0, -3) : lower);
  if (UNSUPPORTED.has(ext) && !basename(lower).startsWith('.')) return 'unsupported';
  return 'ignored';
}

async function gunzipCapped(bytes: Buffer): Promise<Buffer> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: MAX_FIT_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`decompresses to more than ${MAX_FIT_BYTES} bytes`);
    throw new Error(`not a valid gzip file (${(error as Error).message})`);
  }
}

/**
 * Walks files, folders (recursively, in name order) and zip archives (nested zips too, as in a Garmin
 * export), yielding the FIT recordings (`.fit`, `.fit.gz`). Files of other activity formats (GPX, TCX)
 * are reported as problems; everything else in a folder or archive (CSV, JSON, photos) is ignored. A path
 * named explicitly is always tried as FIT, whatever its name.
 */
export async function* walkInputs(
  paths: string[],
  report: (problem: InputProblem) => void,
): AsyncGenerator<InputFile> {
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      report({ file: path, reason: 'no such file or folder' });
      continue;
    }
    if (info.isDirectory()) {
      yield* walkFolder(path, report);
    } else {
      const kind = kindOf(path);
      yield* fromDiskFile(
        path,
        kind === 'ignored' || kind === 'unsupported' ? 'fit' : kind,
        info.size,
        report,
      );
    }
  }
}

async function* walkFolder(folder: string, report: (p: InputProblem) => void): AsyncGenerator<InputFile> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    report({ file: folder, reason: `cannot read folder (${(error as NodeJS.ErrnoException).code})` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      yield* walkFolder(path, report);
    } else if (entry.isFile()) {
      const kind = kindOf(entry.name);
      if (kind === 'ignored') continue;
      if (kind === 'unsupported') {
        report({ file: path, reason: `unsupported format ${extname(entry.name)}: only FIT files are read` });
        continue;
      }
      const size = (await stat(path)).size;
      yield* fromDiskFile(path, kind, size, report);
    }
  }
}

async function* fromDiskFile(
  path: string,
  kind: Exclude<Kind, 'ignored' | 'unsupported'>,
  size: number,
  report: (p: InputProblem) => void,
): AsyncGenerator<InputFile> {
  if (kind === 'zip') {
    yield* walkZip(path, path, report);
    return;
  }
  if (size > MAX_FIT_BYTES) {
    report({ file: path, reason: `too large: ${size} bytes (the limit is ${MAX_FIT_BYTES})` });
    return;
  }
  yield {
    name: path,
    diskBytes: size,
    read: async () => {
      const bytes = await readFile(path);
      return kind === 'fit.gz' ? gunzipCapped(bytes) : bytes;
    },
  };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await entryStream(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Streams a zip archive entry by entry, so an export of any size is never held in memory: each FIT entry
 * is read when yielded, and a nested zip is spilled to a temporary file and walked the same way.
 */
async function* walkZip(
  path: string,
  displayName: string,
  report: (p: InputProblem) => void,
): AsyncGenerator<InputFile> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    report({ file: displayName, reason: `not a readable zip archive (${(error as Error).message})` });
    return;
  }
  try {
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await nextEntry(zip);
      } catch (error) {
        report({ file: displayName, reason: `damaged zip archive (${(error as Error).message})` });
        return;
      }
      if (!entry) return;
      if (entry.fileName.endsWith('/')) continue;
      const name = `${displayName}!${entry.fileName}`;
      const kind = kindOf(entry.fileName);
      if (kind === 'ignored') continue;
      if (kind === 'unsupported') {
        report({
          file: name,
          reason: `unsupported format ${extname(entry.fileName)}: only FIT files are read`,
        });
        continue;
      }
      if (kind === 'zip') {
        yield* walkNestedZip(zip, entry, name, report);
        continue;
      }
      if (entry.uncompressedSize > MAX_FIT_BYTES) {
        report({
          file: name,
          reason: `too large: ${entry.uncompressedSize} bytes (the limit is ${MAX_FIT_BYTES})`,
        });
        continue;
      }
      const current = entry;
      // The entry must be read before the next one is requested: bytes are read eagerly, then handed out.
      let bytes: Buffer;
      try {
        bytes = await readEntry(zip, current);
      } catch (error) {
        report({ file: name, reason: `cannot read zip entry (${(error as Error).message})` });
        continue;
      }
      yield {
        name,
        diskBytes: current.compressedSize,
        read: async () => (kind === 'fit.gz' ? gunzipCapped(bytes) : bytes),
      };
    }
  } finally {
    zip.close();
  }
}

async function* walkNestedZip(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  name: string,
  report: (p: InputProblem) => void,
): AsyncGenerator<InputFile> {
  const dir = await mkdtemp(join(tmpdir(), 'loadwatch-zip-'));
  const spilled = join(dir, 'nested.zip');
  try {
    try {
      await pipeline(await entryStream(zip, entry), createWriteStream(spilled));
    } catch (error) {
      report({ file: name, reason: `cannot read zip entry (${(error as Error).message})` });
      return;
    }
    yield* walkZip(spilled, name, report);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The bytes the inputs occupy on disk, counting what `walkInputs` would read (a cheap stat pass): the total of
 * the progress bar.
 */
export async function measureInputs(paths: string[]): Promise<number> {
  let total = 0;
  const visit = async (path: string, named: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      const entries = await readdir(path).catch(() => [] as string[]);
      for (const entry of entries) await visit(join(path, entry), false);
    } else if (info.isFile() && (named || !['ignored', 'unsupported'].includes(kindOf(path)))) {
      total += info.size;
    }
  };
  for (const path of paths) await visit(path, true);
  return total;
}
