import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';

const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Raw uploaded FIT files, content-addressed under `${uploads.dir}/${athleteId}/${sha256}`. A file is written
 * to a temporary name, flushed and renamed, so a crash never leaves a partial file under the final name.
 */
@Injectable()
export class UploadStorage {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  pathOf(athleteId: string, sha256: string): string {
    if (!SAFE_ID.test(athleteId)) throw new Error(`Not an athlete id: ${JSON.stringify(athleteId)}`);
    if (!SHA256.test(sha256)) throw new Error(`Not a sha256: ${JSON.stringify(sha256)}`);
    return join(this.config.uploads.dir, athleteId, sha256);
  }

  async write(athleteId: string, sha256: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(athleteId, sha256);
    await mkdir(join(this.config.uploads.dir, athleteId), { recursive: true });
    const temporary = `${path}.${randomUUID()}.partial`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    // The same content under the same name: replacing an existing copy is harmless.
    await rename(temporary, path).catch(async (error: unknown) => {
      await rm(temporary, { force: true });
      throw error;
    });
  }

  /** @throws an error with code `ENOENT` when the file is not stored. */
  read(athleteId: string, sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(athleteId, sha256));
  }

  /** Removes a stored file (nothing when it is not stored). */
  async remove(athleteId: string, sha256: string): Promise<void> {
    await rm(this.pathOf(athleteId, sha256), { force: true });
  }
}
