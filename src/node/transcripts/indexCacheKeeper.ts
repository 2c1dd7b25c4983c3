import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../atomicFile';
import type { StoreFs } from '../storeFs';
import { realStoreFs } from '../storeFs';
import { sweepStoreFolder } from '../storeSweep';
import type { CacheIdentity } from './indexCache';
import { encodeIndexCache, machineIdentity, readIndexCache, writeIndexCache } from './indexCache';
import type { TranscriptRoots } from './roots';
import { encodeSummaryCache, summaryFileFor } from './summaryCache';
import type { IndexScope, TranscriptIndex } from './transcriptIndex';

export interface CacheKeeperOptions {
  /** The cache file for each scope (none: that scope is not persisted). */
  files: Partial<Record<IndexScope['mode'], string>>;
  /** One line for the output channel. */
  log: (message: string) => void;
  now?: () => number;
  storeFs?: StoreFs;
  /** Runs `save` after `ms` (an unref'd timer unless a test says otherwise); returns its cancel. */
  schedule?: (save: () => void, ms: number) => () => void;
}

const timer = (save: () => void, ms: number) => {
  const t = setTimeout(save, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

/** Unsaved bytes worth saving soon: reading them again would cost a restart ~25 ms or more. */
export const BIG_UNSAVED_BYTES = 4 << 20;
/** At most one save per this after much was read (the first cold read), and per SLOW after small appends. */
export const FAST_GAP_MS = 5_000;
export const SLOW_GAP_MS = 5 * 60_000;
/** A save waits at least this long after the pass that made it due, so the pass's reports go out first. */
const SETTLE_MS = 1_000;

/**
 * When the transcript index is restored from its persisted copy and when that copy is written again.
 * Before the first pass for some roots and scope, the index starts from the cache if the cache was
 * built for them on this machine (else one log line says why not, and every transcript is read; when
 * the roots or scope changed during this run, a cache of the old ones is expected and not logged).
 * After a pass that read something or dropped a session, a save is due: soon (at most once per 5 s)
 * when megabytes were read, else within 5 minutes (an active session's appends cost a restart almost
 * nothing to read again, and rewriting the whole cache for each would wear the disk); and always on
 * `flush()`, which the worker runs when asked to stop. Each save writes the summaries beside the index. The index is snapshotted synchronously between
 * passes, and written in the background.
 */
export class IndexCacheKeeper {
  private identity: CacheIdentity | undefined;
  private file: string | undefined;
  private loadedFor: string | undefined;
  private loads = 0;
  private unsaved = false;
  private unsavedBytes = 0;
  private lastSave = -Infinity;
  private cancel: (() => void) | undefined;
  private due = Infinity;
  private writing: Promise<void> = Promise.resolve();
  private readonly reported = new Set<string>();
  private readonly now: () => number;
  private readonly storeFs: StoreFs;

  constructor(
    private readonly index: TranscriptIndex,
    private readonly options: CacheKeeperOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.storeFs = options.storeFs ?? realStoreFs;
    index.onDidChange((_changed, removed) => {
      if (removed.length) this.unsaved = true;
    });
  }

  /** The index read `bytes` of some transcript (the index's `onRead`). */
  noteRead(bytes: number): void {
    if (bytes <= 0) return;
    this.unsaved = true;
    this.unsavedBytes += bytes;
  }

  /** Before a pass: the first one for these roots and scope starts from the cache, when it fits. */
  beforePass(roots: TranscriptRoots, scope: IndexScope): void {
    const key = JSON.stringify([roots, scope]);
    if (key === this.loadedFor) return;
    if (this.unsaved) this.save(); // what was read for the old scope, before the index forgets it
    this.loadedFor = key;
    this.identity = machineIdentity(roots, scope);
    this.file = this.options.files[scope.mode];
    if (!this.file) return;
    this.sweep(this.file);
    this.sweep(summaryFileFor(this.file));
    const read = readIndexCache(this.file, this.identity);
    const first = this.loads++ === 0;
    if ('index' in read) this.index.restore(read.index);
    // after a change of roots or scope in this run the cache is the old one's (saved just above): say nothing
    else if ('discarded' in read && (first || !read.otherFolders))
      this.options.log(`saved index ${this.file} discarded: ${read.discarded}; reading every transcript again`);
  }

  /** After a pass: schedules the save it made due, if any. */
  afterPass(): void {
    if (!this.unsaved || !this.file) return;
    const now = this.now();
    const gap = this.unsavedBytes >= BIG_UNSAVED_BYTES ? FAST_GAP_MS : SLOW_GAP_MS;
    const due = Math.max(this.lastSave + gap, now + SETTLE_MS);
    if (this.cancel && this.due <= due) return;
    this.cancel?.();
    this.due = due;
    this.cancel = (this.options.schedule ?? timer)(() => this.save(), due - now);
  }

  /** Saves what is unsaved now, and waits for every write begun to end. */
  async flush(): Promise<void> {
    if (this.unsaved) this.save();
    await this.writing;
  }

  private save(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.due = Infinity;
    const { file, identity } = this;
    this.unsaved = false;
    this.unsavedBytes = 0;
    if (!file || !identity) return;
    this.lastSave = this.now();
    const text = encodeIndexCache(identity, this.index.snapshot());
    // what the host shows at the next start before the worker has read anything (see summaryCache.ts)
    const summaries = encodeSummaryCache(identity, this.index.summaries());
    this.writing = this.writing
      .then(() => writeIndexCache(file, text, this.storeFs))
      .then(() => writeFileAtomic(summaryFileFor(file), summaries, this.storeFs))
      .catch((error: unknown) => this.problem(`cannot save the index to ${file}: ${messageOf(error)}`));
  }

  /** Temp files a stopped worker left half-written (older than a minute, or of a dead process). */
  private sweep(file: string): void {
    const dir = path.dirname(file);
    const prefix = `.${path.basename(file)}.`;
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
    } catch {
      return; // no folder yet
    }
    if (names.length) void sweepStoreFolder(this.storeFs, dir, names).catch(() => undefined);
  }

  private problem(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.options.log(message);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
