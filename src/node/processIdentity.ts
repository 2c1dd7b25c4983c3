import { readFileSync } from 'fs';
import { errorCode } from './storeFs';

/**
 * When process `pid` started, as the kernel counts it (Linux: field 22 of `/proc/<pid>/stat`, in clock
 * ticks since boot), or undefined where that cannot be read (other platforms, no such process).
 * A pid that is alive but started at another time is a different process: the pid was reused.
 */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return startTimeFromStat(stat);
}

/** Field 22 of a `/proc/<pid>/stat` line; the command name (field 2) may hold spaces and ')': parse after the last. */
export function startTimeFromStat(stat: string): string | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/); // fields[0] is field 3 (the state)
  const start = fields[22 - 3];
  return start && /^\d+$/.test(start) ? start : undefined;
}

let bootId: string | undefined | null = null;

/** Linux boot id: a lock written before the last reboot is stale whatever its pid. Undefined elsewhere. */
export function currentBoot(): string | undefined {
  if (bootId === null) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      bootId = undefined;
    }
  }
  return bootId;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH'; // EPERM: alive, another user's
  }
}
