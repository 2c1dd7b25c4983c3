import * as path from 'path';
import { eventlessMount } from './eventlessMount';
import type { WatchFunction } from './folderWatch';
import { FolderWatch, nodeWatch } from './folderWatch';
import type { TranscriptRoots } from './roots';
import { watchTargets } from './watchTargets';

/** What the live follow needs of the transcript index (`TranscriptIndex`). */
export interface FollowedIndex {
  update(forceFull: boolean): void;
  rediscover(): void;
  refreshPaths(paths: Iterable<string>): void;
  knows(file: string): boolean;
  foldersRead(): readonly string[];
}

/** A pass the follow ran itself: new bytes of known files, a discovery (and those files), or a poll. */
export type FollowPass = 'files' | 'discovery' | 'poll';

export interface LiveFollowOptions {
  index: FollowedIndex;
  roots: () => TranscriptRoots;
  /** One line for the output channel, said when a mode starts: "watching N folders" or "polling every 2 s: why". */
  say: (message: string) => void;
  /** A pass that threw. */
  problem: (error: unknown) => void;
  watch?: WatchFunction;
  /** Why events may never come for a root's folder (a network mount), or undefined. */
  eventless?: (folder: string) => string | undefined;
  /** Events are gathered this long before one pass takes them all. */
  delayMs?: number;
  pollMs?: number;
  /** Told after every pass the follow ran (tests and the bench count them). */
  onPass?: (pass: FollowPass) => void;
}

const DELAY_MS = 50;
const POLL_MS = 2000;

/**
 * Keeps the index current as Claude Code and Codex write, within a pass of the event: `fs.watch` on every
 * folder the index reads (in the transcript worker rather than VS Code's FileSystemWatcher: the folders lie
 * outside the workspace, the worker owns the reading, and no event makes a round trip through the host).
 * A change to a known file reads that file's new bytes; any other change in a folder runs a discovery,
 * which may add watchers (and, since a new watcher may have missed what came just before it, one more
 * discovery). Events within `delayMs` of the first are one pass. If watching fails (ENOSPC, EMFILE, a
 * refused folder) or a root is on a network file system, it polls instead: a full pass every `pollMs`.
 */
export class LiveFollow {
  private readonly folders: FolderWatch;
  private mode: 'idle' | 'watch' | 'poll' = 'idle';
  private readonly pending = new Set<string>();
  private discoverNext = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private disposed = false;

  constructor(private readonly options: LiveFollowOptions) {
    this.folders = new FolderWatch({
      watch: options.watch ?? nodeWatch,
      onEvent: (folder, filename) => this.heard(folder, filename),
      onFailure: (error) => this.poll(error.message),
    });
  }

  /** After a pass of the index that ran a discovery: watch the folders it read (and no others). */
  discovered(): void {
    if (this.disposed || this.polling()) return;
    const roots = this.options.roots();
    const eventless = this.options.eventless ?? eventlessMount;
    for (const root of [...roots.claude, ...roots.codex]) {
      const why = eventless(root);
      if (why) return this.poll(why);
    }
    const added = this.folders.arm(watchTargets(roots, this.options.index.foldersRead()));
    if (this.polling()) return; // arming failed
    if (this.mode === 'idle') {
      this.mode = 'watch';
      this.options.say(`watching ${this.folders.size} folders for changes`);
    }
    if (added > 0) {
      this.discoverNext = true;
      this.schedule();
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearInterval(this.poller);
    this.folders.close();
  }

  private polling(): boolean {
    return this.mode === 'poll';
  }

  private heard(folder: string, filename: string | null): void {
    if (filename === null) this.discoverNext = true;
    else this.pending.add(path.join(folder, filename));
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.disposed || this.polling()) return;
    this.timer = setTimeout(() => this.flush(), this.options.delayMs ?? DELAY_MS);
    this.timer.unref?.();
  }

  private flush(): void {
    this.timer = undefined;
    const { index } = this.options;
    const paths = [...this.pending];
    this.pending.clear();
    const discover = this.discoverNext || paths.some((p) => !index.knows(p));
    this.discoverNext = false;
    try {
      if (discover) index.rediscover();
      index.refreshPaths(paths);
      this.options.onPass?.(discover ? 'discovery' : 'files');
      if (discover) this.discovered();
    } catch (error) {
      this.options.problem(error);
    }
  }

  private poll(reason: string): void {
    if (this.polling() || this.disposed) return;
    this.mode = 'poll';
    this.folders.close();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    const every = this.options.pollMs ?? POLL_MS;
    this.options.say(`polling every ${every / 1000} s: ${reason}`);
    this.poller = setInterval(() => {
      try {
        this.options.index.update(true);
        this.options.onPass?.('poll');
      } catch (error) {
        this.options.problem(error);
      }
    }, every);
    this.poller.unref?.();
  }
}
