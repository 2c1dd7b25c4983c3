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

/** Host -> worker. */
export interface UpdateRequest {
  type: 'update';
  id: number;
  config: IndexConfig;
}

/** Worker -> host, in order: any number of `changed` and `log`, then the `done` of the request. */
export type WorkerReport =
  | { type: 'changed'; changed: SessionSummary[]; removed: string[] }
  | { type: 'log'; message: string }
  | { type: 'done'; id: number; error?: string };
