import type { SummaryBook } from './summaryBook';
import type { CacheIdentity } from './indexCache';
import { readSummaryCache, summaryFileFor } from './summaryCache';

/**
 * The summaries saved at the last run, shown on the host at once when VS Code starts (a file read and
 * a parse, no worker yet), then checked by the worker's first pass: every summary it reports replaces
 * the saved one, and at the end of that pass the saved ones it did not report (sessions deleted since)
 * are removed. A summary the worker reported before the file was read is never overwritten by it.
 */
export class SavedSummaries {
  private started = false;
  private settled = false;
  /** Keys shown from the file and not yet confirmed by the worker. */
  private readonly provisional = new Set<string>();
  /** Keys the worker has reported since it started. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly book: SummaryBook,
    private readonly log: (message: string) => void,
  ) {}

  /** Shows the summaries saved beside `indexFile` for this machine, roots and scope (once). */
  async show(indexFile: string | undefined, identity: CacheIdentity): Promise<void> {
    if (this.started || !indexFile) return;
    this.started = true;
    const file = summaryFileFor(indexFile);
    const read = await readSummaryCache(file, identity);
    if ('discarded' in read) return this.log(`saved summaries ${file} not shown: ${read.discarded}`);
    if (!('summaries' in read) || this.settled) return;
    const fresh = read.summaries.filter((s) => !this.reported.has(s.key));
    fresh.forEach((s) => this.provisional.add(s.key));
    this.book.apply(fresh, []);
  }

  /** The worker reported these keys (changed or removed): they are its word now. */
  noteReported(keys: readonly string[]): void {
    if (this.settled) return;
    for (const key of keys) {
      this.reported.add(key);
      this.provisional.delete(key);
    }
  }

  /** The worker's first pass is done: what it did not confirm is gone. */
  settle(): void {
    if (this.settled) return;
    this.settled = true;
    const gone = [...this.provisional];
    this.provisional.clear();
    this.reported.clear();
    if (gone.length) this.book.apply([], gone);
  }
}
