import type { UsageEntry } from './claudeCodeTranscript';

/**
 * Which file each API message is counted in. Claude Code copies earlier messages into a resumed
 * session's new file; counting them in both would bill the same reply twice. As ccusage does, a
 * message belongs to the first file, in path order, that holds it; the other copies count zero.
 */
export class UsageLedger {
  private readonly owners = new Map<string, string>();

  /** Records the keys a file holds; returns the paths that lost a message to it (their totals change). */
  claim(path: string, keys: Iterable<string>): Set<string> {
    const losers = new Set<string>();
    for (const key of keys) {
      const owner = this.owners.get(key);
      if (owner === undefined || path < owner) {
        this.owners.set(key, path);
        if (owner !== undefined) losers.add(owner);
      }
    }
    return losers;
  }

  /** Forgets a file (deleted or restarted): its keys pass to the next holder, found by `holders`. */
  release(path: string, keys: Iterable<string>, holders: (key: string) => string[]): Set<string> {
    const gainers = new Set<string>();
    for (const key of keys) {
      if (this.owners.get(key) !== path) continue;
      const next = holders(key)
        .filter((p) => p !== path)
        .sort()[0];
      if (next === undefined) this.owners.delete(key);
      else {
        this.owners.set(key, next);
        gainers.add(next);
      }
    }
    return gainers;
  }

  owns(path: string, key: string): boolean {
    return this.owners.get(key) === path;
  }

  /** The entries of a file that count there. */
  *owned(path: string, messages: ReadonlyMap<string, UsageEntry>): Iterable<UsageEntry> {
    for (const [key, entry] of messages) if (this.owners.get(key) === path) yield entry;
  }
}
