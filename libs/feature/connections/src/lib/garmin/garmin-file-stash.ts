import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';

const SAFE_PART = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Garmin activity files as downloaded, kept until they are taken in as uploads. Garmin's file URL works
 * once (a second download answers 410), so the bytes are written here right after the download, before
 * anything that can fail (the upload row, the queue, the sync status); a retried job reads them from here
 * instead of downloading again, and deletes them once the upload is stored. Kept in the athlete's own
 * upload folder (DATA_DIR/uploads/<athlete>/.provider-files/garmin/<activity>.fit), so deleting the account,
 * which removes that folder, leaves none behind. A file whose job fails for good, or whose connection is no
 * longer active, is removed too, and all of them when the connection ends (GarminSyncJobs, GarminAdapter).
 */
@Injectable()
export class GarminFileStash {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async read(athleteId: string, activityId: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(athleteId, activityId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Written whole and synced under a temporary name, then renamed: a crash leaves no half file. */
  async write(athleteId: string, activityId: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(athleteId, activityId);
    await mkdir(this.dirOf(athleteId), { recursive: true });
    const temporary = `${path}.${randomUUID()}.partial`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  }

  async remove(athleteId: string, activityId: string): Promise<void> {
    await rm(this.pathOf(athleteId, activityId), { force: true });
  }

  /** Every file kept for the athlete (the connection ended: none of them will be taken in). */
  async removeAll(athleteId: string): Promise<void> {
    if (!SAFE_PART.test(athleteId)) throw new Error(`Not a safe file key: ${JSON.stringify(athleteId)}`);
    await rm(this.dirOf(athleteId), { recursive: true, force: true });
  }

  private dirOf(athleteId: string): string {
    return join(this.config.uploads.dir, athleteId, '.provider-files', 'garmin');
  }

  /** Ids from a notification are not trusted as path parts. */
  private pathOf(athleteId: string, activityId: string): string {
    if (!SAFE_PART.test(athleteId) || !SAFE_PART.test(activityId)) {
      throw new Error(`Not a safe file key: ${JSON.stringify([athleteId, activityId])}`);
    }
    return join(this.dirOf(athleteId), `${activityId}.fit`);
  }
}
