import { randomUUID } from 'crypto';
import * as os from 'os';
import type { StoreFs } from './storeFs';
import { errorCode } from './storeFs';
import { currentBoot, pidAlive, processStartTime } from './processIdentity';

/** Who holds a log's lock file `<id>.lock` (JSON, created with 'wx'). */
export interface LockHolder {
  pid: number;
  host: string;
  token: string;
  at: string;
  /** Linux boot id: a lock written before the last reboot is stale whatever its pid. */
  boot?: string;
  /** When the holder process started (Linux: see processStart): an alive pid that started later was reused. */
  start?: string;
}

/** `ours`: this process already holds the lock (another writer of ours), never a read-only view. */
export type LockResult =
  | { held: true; release(): Promise<void>; stillHeld(): Promise<HeldNow> }
  | { held: false; holder: LockHolder; ours?: boolean };

/** Whether the lock on disk is still ours; if not, who holds it now (undefined: nobody, or unreadable). */
export type HeldNow = { held: true } | { held: false; holder?: LockHolder };

/** A break file older than this is stale even if its pid is alive (a breaker never takes this long). */
export const BREAK_STALE_MS = 10_000;
/** Tokens of the locks (and break files) this process holds: the rest with our pid are leftovers. */
const ownTokens = new Set<string>();
const ownStart = processStartTime(process.pid);

interface Seen {
  raw: string;
  holder?: LockHolder;
}

async function readLockFile(fs: StoreFs, file: string): Promise<Seen | undefined> {
  let raw: string;
  try {
    raw = (await fs.readFile(file)).toString('utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const v = JSON.parse(raw) as Partial<LockHolder>;
    const ok = typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string';
    if (!ok) return { raw };
    const start = typeof v.start === 'string' ? v.start : undefined;
    return { raw, holder: { pid: v.pid!, host: v.host!, token: v.token!, at: String(v.at), boot: v.boot, start } };
  } catch {
    return { raw }; // being written right now, or garbage
  }
}

/**
 * Stale: written on this machine by a dead pid, by a live pid that started at another time (reused), before
 * the last reboot, or by our pid under a token we do not hold.
 */
async function isStale(fs: StoreFs, file: string, seen: Seen, maxAgeMs?: number): Promise<boolean> {
  const age = async () => Date.now() - ((await fs.mtime(file)) ?? Date.now());
  const { holder } = seen;
  if (!holder) return (await age()) > BREAK_STALE_MS; // a lock is written right after its 'wx' create
  if (holder.host !== os.hostname()) return false; // cannot see another machine's processes
  if (holder.boot && currentBoot() && holder.boot !== currentBoot()) return true;
  if (holder.pid === process.pid) return !ownTokens.has(holder.token);
  if (!pidAlive(holder.pid)) return true;
  const start = holder.start && processStartTime(holder.pid);
  if (start && start !== holder.start) return true;
  return maxAgeMs !== undefined && (await age()) > maxAgeMs;
}

async function createExclusive(fs: StoreFs, file: string, token: string): Promise<boolean> {
  const at = new Date().toISOString();
  const body: LockHolder = { pid: process.pid, host: os.hostname(), token, at, boot: currentBoot(), start: ownStart };
  let handle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  ownTokens.add(token);
  try {
    const bytes = Buffer.from(JSON.stringify(body), 'utf8');
    if ((await handle.write(bytes, 0, bytes.length)) !== bytes.length) throw new Error(`short write to ${file}`);
  } catch (error) {
    ownTokens.delete(token);
    await handle.close().catch(() => undefined);
    await fs.unlink(file).catch(() => undefined);
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
  return true;
}

/** Unlinks `file` only if it still holds `token` (never someone else's newer lock). */
async function removeOwn(fs: StoreFs, file: string, token: string): Promise<void> {
  ownTokens.delete(token);
  const seen = await readLockFile(fs, file);
  if (seen?.holder?.token === token) await fs.unlink(file).catch(() => undefined);
}

/**
 * Breaks the stale lock whose content was `staleRaw`. Breakers are serialised through `<lock>.break`
 * (created with 'wx'). Inside it the lock is renamed to a name of ours and removed only if what was moved
 * is that stale one: a breaker stalled past BREAK_STALE_MS (a laptop asleep) may find a live lock taken
 * meanwhile by another breaker, and links it back instead (never over a newer one).
 */
async function breakStale(fs: StoreFs, file: string, staleRaw: string): Promise<boolean> {
  const breaker = `${file}.break`;
  const token = randomUUID();
  if (!(await createExclusive(fs, breaker, token))) {
    const other = await readLockFile(fs, breaker);
    if (other && (await isStale(fs, breaker, other, BREAK_STALE_MS))) {
      if ((await readLockFile(fs, breaker))?.raw === other.raw) await fs.unlink(breaker).catch(() => undefined);
    }
    return false;
  }
  try {
    if ((await readLockFile(fs, file))?.raw !== staleRaw) return false; // someone else broke it first
    const aside = `${file}.${token}.broken`;
    try {
      await fs.rename(file, aside);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
    if ((await readLockFile(fs, aside))?.raw === staleRaw) {
      await fs.unlink(aside);
      return true;
    }
    await fs.link(aside, file).catch(() => undefined); // EEXIST: a newer lock is there, keep it
    await fs.unlink(aside).catch(() => undefined);
    return false;
  } finally {
    await removeOwn(fs, breaker, token);
  }
}

/** Takes `<id>.lock`, or says who holds it. A lock of a live process (or another machine) is respected. */
export async function acquireLock(fs: StoreFs, file: string): Promise<LockResult> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const token = randomUUID();
    if (await createExclusive(fs, file, token)) {
      const stillHeld = async (): Promise<HeldNow> => {
        const now = await readLockFile(fs, file);
        return now?.holder?.token === token ? { held: true } : { held: false, holder: now?.holder };
      };
      return { held: true, release: () => removeOwn(fs, file, token), stillHeld };
    }
    const seen = await readLockFile(fs, file);
    if (!seen) continue; // released meanwhile
    const mine = seen.holder?.pid === process.pid && seen.holder.host === os.hostname();
    if (mine && ownTokens.has(seen.holder!.token)) return { held: false, holder: seen.holder!, ours: true };
    if (!(await isStale(fs, file, seen))) {
      if (seen.holder) return { held: false, holder: seen.holder };
    } else if (await breakStale(fs, file, seen.raw)) {
      continue; // broken: take it now
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 20))); // let the other side finish
  }
  throw new Error(`Could not take the lock ${file}: it keeps changing hands.`);
}

/**
 * Take Over: breaks the lock if it is still held by `holder` (whom the user was shown), through the same
 * race-safe break as a stale lock. False when someone else (or this process) holds it now.
 */
export async function breakLock(fs: StoreFs, file: string, holder: { pid: number; host: string }): Promise<boolean> {
  const seen = await readLockFile(fs, file);
  if (!seen) return true; // free already
  const h = seen.holder;
  if (!h || h.pid !== holder.pid || h.host !== holder.host) return false;
  if (h.pid === process.pid && h.host === os.hostname() && ownTokens.has(h.token)) return false;
  return breakStale(fs, file, seen.raw);
}

/** For the start-up sweep: a break file left by a crashed breaker. */
export async function isStaleBreakFile(fs: StoreFs, file: string): Promise<boolean> {
  const seen = await readLockFile(fs, file);
  return !!seen && (await isStale(fs, file, seen, BREAK_STALE_MS));
}
