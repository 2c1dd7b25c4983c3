import type { SessionSource } from '../shared/sessionTypes';
import type { SessionSummary } from '../shared/sessionSummary';

/** What the `onContextPressure` event carries. */
export interface ContextPressureEvent {
  sessionId: string;
  source: SessionSource;
  used: number;
  window: number;
  percent: number;
  /** The threshold crossed upwards (one of the user's thresholds). */
  threshold: number;
  title: string;
}

/**
 * Remembers the highest threshold each session has crossed and reports each upward crossing once.
 * A session that falls back below a threshold (after a compaction) can cross it again.
 */
export class PressureTracker {
  private readonly reached = new Map<string, number>();

  /** The events for this new summary, given the thresholds (percent, ascending or not). */
  update(summary: SessionSummary, thresholds: readonly number[]): ContextPressureEvent[] {
    const { window, percent } = summary.context;
    if (window === undefined || percent === undefined) return [];
    const exact = (summary.context.used / window) * 100;
    const sorted = [...thresholds].filter((t) => t > 0).sort((a, b) => a - b);
    const previous = this.reached.get(summary.key) ?? 0;
    const now = sorted.filter((t) => exact >= t).pop() ?? 0;
    this.reached.set(summary.key, now);
    if (now <= previous) return [];
    return sorted
      .filter((t) => t > previous && t <= now)
      .map((threshold) => ({
        sessionId: summary.id,
        source: summary.source,
        used: summary.context.used,
        window,
        percent,
        threshold,
        title: summary.title,
      }));
  }

  /** A session seen for the first time at startup is not "crossing" anything: record without reporting. */
  prime(summary: SessionSummary, thresholds: readonly number[]): void {
    if (!this.reached.has(summary.key)) this.update(summary, thresholds);
  }

  forget(key: string): void {
    this.reached.delete(key);
  }
}
