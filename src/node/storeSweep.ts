import * as path from 'path';
import { isStaleBreakFile } from './logLock';
import { pidAlive } from './processIdentity';
import type { StoreFs } from './storeFs';

/** Temp files of writeFileAtomic (`.<name>.<pid>.<time>.tmp`) older than this are leftovers whatever their pid. */
export const TEMP_STALE_MS = 60_000;
const TEMP = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/;

/**
 * Removes what crashed processes left in the store folder: atomic-write temp files whose pid is dead
 * or that are older than a minute, and stale lock-break files. Never a live process's fresh temp file,
 * never a log or a lock. Returns the names it removed.
 */
export async function sweepStoreFolder(fs: StoreFs, folder: string, names: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    const temp = TEMP.exec(name);
    let stale = false;
    if (temp) {
      const mtime = await fs.mtime(file);
      const pid = Number(temp[1]);
      stale = mtime !== undefined && (Date.now() - mtime > TEMP_STALE_MS || (pid !== process.pid && !pidAlive(pid)));
    } else if (name.endsWith('.lock.break')) {
      stale = await isStaleBreakFile(fs, file);
    }
    if (!stale) continue;
    try {
      await fs.unlink(file);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}
