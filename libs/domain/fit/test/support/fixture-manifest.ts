import * as fs from 'node:fs';

/** One row of a fixture MANIFEST.tsv (the shared corpus's or the committed subset's). */
export interface ManifestRow {
  /** Path relative to the manifest, e.g. `fit/x.fit` or `ok/x.fit`. */
  file: string;
  license: string;
  /** Session sports in file order; empty for files without sessions. */
  sports: string[];
  distanceM: number | null;
  timerS: number | null;
  valid: boolean;
  /** The `valid` column as written: `yes`, or `no: <why>`. */
  validity: string;
  /** `file_type=` from the notes (`activity`, `settings`, `unknown`, ...). */
  fileType: string | null;
  notes: string;
}

/** Reads a MANIFEST.tsv by its header names, so column order may change. */
export function readManifest(manifestPath: string): ManifestRow[] {
  const [header, ...lines] = fs.readFileSync(manifestPath, 'utf8').trimEnd().split('\n');
  const columns = header.split('\t');
  const at = (cells: string[], name: string): string => cells[columns.indexOf(name)] ?? '';
  return lines.map((line) => {
    const cells = line.split('\t');
    const sport = at(cells, 'sport');
    const notes = at(cells, 'notes');
    const validity = at(cells, 'valid');
    return {
      file: at(cells, 'file'),
      license: at(cells, 'license'),
      sports: sport === '' ? [] : sport.split('+'),
      distanceM: numberOrNull(at(cells, 'total_distance_m')),
      timerS: numberOrNull(at(cells, 'total_timer_time_s')),
      valid: validity === 'yes',
      validity,
      fileType: /file_type=([^;]+)/.exec(notes)?.[1] ?? null,
      notes,
    };
  });
}

function numberOrNull(text: string): number | null {
  return text === '' ? null : Number(text);
}
