import type { SessionSummary } from '../../shared/sessionSummary';

export type SummaryListener = (changed: readonly SessionSummary[], removed: readonly string[]) => void;

/**
 * The summaries of other agents' sessions by key, and who to tell when they change. With `retain`
 * false only the keys are kept (the worker's engine: its summaries live on the host side).
 */
export class SummaryBook {
  private readonly byKey = new Map<string, SessionSummary | undefined>();
  private readonly listeners = new Set<SummaryListener>();

  constructor(private readonly retain = true) {}

  onDidChange(listener: SummaryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Newest first. */
  all(): SessionSummary[] {
    return [...this.byKey.values()].filter((s): s is SessionSummary => s !== undefined).sort((a, b) => b.lastActivity - a.lastActivity);
  }

  get(key: string): SessionSummary | undefined {
    return this.byKey.get(key);
  }

  /** Takes in a change (removals first) and tells the listeners, if anything changed. */
  apply(changed: readonly SessionSummary[], removed: readonly string[]): void {
    const gone = removed.filter((key) => this.byKey.delete(key));
    for (const s of changed) this.byKey.set(s.key, this.retain ? s : undefined);
    if (changed.length || gone.length) for (const l of this.listeners) l(changed, gone);
  }

  /** Removes every summary (and says so). */
  clear(): void {
    this.apply([], [...this.byKey.keys()]);
  }
}
