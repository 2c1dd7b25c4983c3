import type { SessionSummary } from '../../shared/sessionSummary';
import type { ObservedSettings } from '../../core/transcripts/observedSummary';
import type { IndexScope } from './transcriptIndex';
import type { TranscriptRoots } from './roots';

/** What one pass of the index reads with: evaluated on the extension host, sent with every update. */
export interface IndexConfig {
  roots: TranscriptRoots;
  scope: IndexScope;
  settings: ObservedSettings;
}

/** Given once, when the worker starts. */
export interface WorkerStart {
  maxLineBytes?: number;
}

/** Host -> worker: a pass, or the acknowledgement of one report (the worker keeps at most a few unacknowledged). */
export type ToWorker = { type: 'update'; id: number; config: IndexConfig } | { type: 'ack' };
export type UpdateRequest = Extract<ToWorker, { type: 'update' }>;

/**
 * Worker -> host, in order: any number of `changed` and `log`, then the `done` of the request. Each
 * `changed` is acknowledged, and the worker sends the next only when at most REPORTS_IN_FLIGHT are
 * unacknowledged: the host never has more than that to take in at once (a cold read reports a
 * thousand sessions), so it never stalls on them.
 */
export type WorkerReport =
  | { type: 'changed'; changed: SessionSummary[]; removed: string[] }
  | { type: 'log'; message: string; level?: 'info' | 'warning' }
  | { type: 'done'; id: number; error?: string };

export const REPORTS_IN_FLIGHT = 2;
/** Summaries per `changed` report: small enough to be taken in within a millisecond or so. */
export const REPORT_BATCH = 25;
