import type { SessionSummary } from '../../shared/sessionSummary';

export type SummaryListener = (changed: readonly SessionSummary[], removed: readonly string[]) => void;

/** The summaries of other agents' sessions by key, and who to tell when they change. */
export class SummaryBook {
  private readonly byKey = new Map<string, SessionSummary>();
  private readonly listeners = new Set<SummaryListener>();

  onDidChange(listener: SummaryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Newest first. */
  all(): SessionSummary[] {
    return [...this.byKey.values()].sort((a, b) => b.lastActivity - a.lastActivity);
  }

  get(key: string): SessionSummary | undefined {
    return this.byKey.get(key);
  }

  /** Takes in a change (removals first) and tells the listeners, if anything changed. */
  apply(changed: readonly SessionSummary[], removed: readonly string[]): void {
    const gone = removed.filter((key) => this.byKey.delete(key));
    for (const s of changed) this.byKey.set(s.key, s);
    if (changed.length || gone.length) for (const l of this.listeners) l(changed, gone);
  }

  /** Removes every summary (and says so). */
  clear(): void {
    this.apply([], [...this.byKey.keys()]);
  }
}
