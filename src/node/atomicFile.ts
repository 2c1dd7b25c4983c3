import { randomUUID } from 'crypto';
import * as path from 'path';
import type { StoreFs } from './storeFs';
import { realStoreFs } from './storeFs';

/**
 * The temp name of an atomic write: `.<name>.<pid>.<time><random>.tmp`, next to the file (see storeSweep).
 * The random part keeps two writes of one process in the same millisecond apart.
 */
export function tempNameFor(file: string, pid = process.pid): string {
  const unique = `${Date.now().toString(36)}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  return path.join(path.dirname(file), `.${path.basename(file)}.${pid}.${unique}.tmp`);
}

/** Whole-file write that never leaves a half-written file: temp file -> fsync -> rename -> fsync the folder. */
export async function writeFileAtomic(file: string, data: string, fs: StoreFs = realStoreFs): Promise<void> {
  const dir = path.dirname(file);
  const temp = tempNameFor(file);
  const handle = await fs.open(temp, 'wx'); // if this fails the temp name is not ours: never unlink it
  try {
    try {
      const bytes = Buffer.from(data, 'utf8');
      for (let offset = 0; offset < bytes.length;) {
        const written = await handle.write(bytes, offset, bytes.length - offset);
        if (written <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        offset += written;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined); // a failed write leaves no temp file behind
    throw error;
  }
  await fs.syncDir(dir);
}
