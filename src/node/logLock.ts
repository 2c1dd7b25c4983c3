import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import * as os from 'os';
import type { StoreFs } from './storeFs';
import { errorCode } from './storeFs';

/** Who holds a log's lock file `<id>.lock` (JSON, created with 'wx'). */
export interface LockHolder {
  pid: number;
  host: string;
  token: string;
  at: string;
  /** Linux boot id: a lock written before the last reboot is stale whatever its pid. */
  boot?: string;
}

export type LockResult = { held: true; release(): Promise<void> } | { held: false; holder: LockHolder };

/** A break file older than this is stale even if its pid is alive (a breaker never takes this long). */
export const BREAK_STALE_MS = 10_000;
/** Tokens of the locks (and break files) this process holds: the rest with our pid are leftovers. */
const ownTokens = new Set<string>();
let bootId: string | undefined | null = null;

function currentBoot(): string | undefined {
  if (bootId === null) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      bootId = undefined;
    }
  }
  return bootId;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH'; // EPERM: alive, another user's
  }
}

interface Seen { raw: string; holder?: LockHolder }

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
    return { raw, holder: ok ? { pid: v.pid!, host: v.host!, token: v.token!, at: String(v.at), boot: v.boot } : undefined };
  } catch {
    return { raw }; // being written right now, or garbage
  }
}

/** Stale: written on this machine by a dead pid, before the last reboot, or by our pid under a token we do not hold. */
async function isStale(fs: StoreFs, file: string, seen: Seen, maxAgeMs?: number): Promise<boolean> {
  const age = async () => Date.now() - ((await fs.mtime(file)) ?? Date.now());
  const { holder } = seen;
  if (!holder) return (await age()) > BREAK_STALE_MS; // a lock is written right after its 'wx' create
  if (holder.host !== os.hostname()) return false; // cannot see another machine's processes
  if (holder.boot && currentBoot() && holder.boot !== currentBoot()) return true;
  if (holder.pid === process.pid) return !ownTokens.has(holder.token);
  if (!pidAlive(holder.pid)) return true;
  return maxAgeMs !== undefined && (await age()) > maxAgeMs;
}

async function createExclusive(fs: StoreFs, file: string, token: string): Promise<boolean> {
  const at = new Date().toISOString();
  const body: LockHolder = { pid: process.pid, host: os.hostname(), token, at, boot: currentBoot() };
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
 * (created with 'wx'); inside it the lock is re-read and unlinked only if it still is that stale one.
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
    await fs.unlink(file);
    return true;
  } finally {
    await removeOwn(fs, breaker, token);
  }
}

/** Takes `<id>.lock`, or says who holds it. A lock of a live process (or another machine) is respected. */
export async function acquireLock(fs: StoreFs, file: string): Promise<LockResult> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const token = randomUUID();
    if (await createExclusive(fs, file, token)) return { held: true, release: () => removeOwn(fs, file, token) };
    const seen = await readLockFile(fs, file);
    if (!seen) continue; // released meanwhile
    if (!(await isStale(fs, file, seen))) {
      if (seen.holder) return { held: false, holder: seen.holder };
    } else if (await breakStale(fs, file, seen.raw)) {
      continue; // broken: take it now
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 20))); // let the other side finish
  }
  throw new Error(`Could not take the lock ${file}: it keeps changing hands.`);
}

/** For the start-up sweep: a break file left by a crashed breaker. */
export async function isStaleBreakFile(fs: StoreFs, file: string): Promise<boolean> {
  const seen = await readLockFile(fs, file);
  return !!seen && (await isStale(fs, file, seen, BREAK_STALE_MS));
}

export { pidAlive };
