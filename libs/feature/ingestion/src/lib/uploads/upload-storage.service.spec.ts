import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '@loadwatch/shared/config';
import { UploadStorage } from './upload-storage.service';

const SHA = 'a'.repeat(64);
const ATHLETE = '7d3f1c9e-0000-4000-8000-000000000001';

describe('UploadStorage', () => {
  let dir: string;
  let storage: UploadStorage;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loadwatch-storage-'));
    storage = new UploadStorage({ uploads: { dir, maxBytes: 1024 } } as AppConfig);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores bytes under athlete and sha256, leaving no temporary file', async () => {
    await storage.write(ATHLETE, SHA, Buffer.from('fit bytes'));
    await storage.write(ATHLETE, SHA, Buffer.from('fit bytes'));
    expect(readdirSync(join(dir, ATHLETE))).toEqual([SHA]);
    expect(readFileSync(join(dir, ATHLETE, SHA), 'utf8')).toBe('fit bytes');
    await expect(storage.read(ATHLETE, SHA)).resolves.toEqual(Buffer.from('fit bytes'));
  });

  it('reports a missing file as ENOENT', async () => {
    await expect(storage.read(ATHLETE, SHA)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    ['../escape', SHA],
    [ATHLETE, '../../etc/passwd'],
    [ATHLETE, 'A'.repeat(64)],
  ])('refuses a path outside its folder (%s, %s)', (athleteId, sha) => {
    expect(() => storage.pathOf(athleteId, sha)).toThrow(/Not an? /);
  });
});
