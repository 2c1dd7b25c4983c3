import * as fs from 'fs';
import * as path from 'path';
import type { WatchTarget } from './watchTargets';

/** The part of `fs.FSWatcher` used here. */
export interface Watcher {
  close(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** `fs.watch` of one folder, not recursive (recursive watching is unreliable on Linux in Node 20). */
export type WatchFunction = (folder: string, listener: (event: string, filename: string | null) => void) => Watcher;

export const nodeWatch: WatchFunction = (folder, listener) =>
  fs.watch(folder, { persistent: false, encoding: 'utf8' }, (event, filename) => listener(event, filename));

export interface FolderWatchOptions {
  watch: WatchFunction;
  /** Something changed in `folder` (`filename` may be null: the platform did not say what). */
  onEvent: (folder: string, filename: string | null) => void;
  /** Watching cannot go on (no more watchers: ENOSPC, EMFILE; a refused folder): every watcher is closed. */
  onFailure: (error: Error) => void;
}

interface Watched {
  watcher: Watcher;
  /** Inode and birth time: a folder made again often gets the inode just freed. */
  identity: string;
  names?: ReadonlySet<string>;
}

/**
 * One non-recursive watcher per folder, kept equal to the set the last discovery asked for: `arm` adds
 * watchers for new folders, closes those of folders no longer asked for, and replaces those of folders
 * deleted and made again (a watcher on the old one hears nothing more): told so by the watcher itself (an
 * event naming the folder), or seen by another inode or birth time. A folder that
 * vanished before it could be watched is skipped (its parent's watcher saw it go); any other failure
 * stops all watching and is reported once.
 */
export class FolderWatch {
  private readonly watched = new Map<string, Watched>();
  private failed = false;

  constructor(private readonly options: FolderWatchOptions) {}

  get size(): number {
    return this.watched.size;
  }

  /** Watches exactly these folders; returns how many watchers it started (they may have missed what came before). */
  arm(targets: readonly WatchTarget[]): number {
    if (this.failed) return 0;
    const wanted = new Map(targets.map((t) => [t.folder, t]));
    for (const [folder, w] of this.watched) if (!wanted.has(folder)) this.unwatch(folder, w);
    let added = 0;
    for (const target of wanted.values()) {
      const identity = identityOf(target.folder);
      const known = this.watched.get(target.folder);
      if (known && known.identity === identity) {
        known.names = target.names;
        continue;
      }
      if (known) this.unwatch(target.folder, known);
      if (identity === undefined) continue;
      try {
        this.start(target, identity);
        added++;
      } catch (error) {
        if (isGone(error)) continue;
        this.fail(error);
        return added;
      }
    }
    return added;
  }

  close(): void {
    for (const [folder, w] of this.watched) this.unwatch(folder, w);
  }

  private start(target: WatchTarget, identity: string): void {
    const { folder } = target;
    const watcher = this.options.watch(folder, (event, filename) => {
      const w = this.watched.get(folder);
      if (w?.watcher !== watcher) return;
      // Linux names the folder itself when it is deleted or moved (or an entry of the same name changed):
      // the watcher may be dead, so it goes, and the pass this event brings watches the folder afresh
      if (event === 'rename' && filename === path.basename(folder)) this.unwatch(folder, w);
      else if (w.names && filename !== null && !w.names.has(filename)) return;
      this.options.onEvent(folder, filename);
    });
    const entry: Watched = { watcher, identity, names: target.names };
    this.watched.set(folder, entry);
    watcher.on('error', (error) => {
      if (this.watched.get(folder) !== entry) return;
      // Windows reports a watched folder deleted as an error: that is a change, not a failure
      if (identityOf(folder) === undefined) {
        this.unwatch(folder, entry);
        this.options.onEvent(path.dirname(folder), path.basename(folder));
      } else this.fail(error);
    });
  }

  private unwatch(folder: string, w: Watched): void {
    this.watched.delete(folder);
    try {
      w.watcher.close();
    } catch {
      /* already closed */
    }
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.close();
    this.options.onFailure(error instanceof Error ? error : new Error(String(error)));
  }
}

function identityOf(folder: string): string | undefined {
  try {
    const stat = fs.statSync(folder);
    return stat.isDirectory() ? `${stat.ino}:${stat.birthtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
