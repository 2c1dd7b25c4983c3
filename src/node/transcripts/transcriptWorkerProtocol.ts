import type { ResolvedFacts } from '../../core/modelFactResolver';
import type { CatalogHint } from '../../core/modelFacts';
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
  /** Where the index is persisted for each scope (`indexCache.ts`); none: read every transcript at each start. */
  cacheFiles?: Partial<Record<IndexScope['mode'], string>>;
}

/**
 * Host -> worker: a pass, the acknowledgement of one report (the worker keeps at most a few
 * unacknowledged), a question to the price dataset (which only the worker loads) for our own sessions,
 * or `stop`: save the index if anything is unsaved, then say `stopped`.
 */
export type ToWorker =
  | { type: 'update'; id: number; config: IndexConfig }
  | { type: 'ack' }
  | { type: 'lookup'; id: number; model: string; hint: CatalogHint }
  | { type: 'stop' };
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
  | { type: 'done'; id: number; error?: string }
  | { type: 'facts'; id: number; facts: ResolvedFacts }
  | { type: 'stopped' };

export const REPORTS_IN_FLIGHT = 2;
/** Summaries per `changed` report: small enough to be taken in within a millisecond or so. */
export const REPORT_BATCH = 25;
