import type { SessionEvent, SessionEventPayload, UnknownRecord } from './sessionEvents';
import type { ProviderUsage } from './sessionEvents';
import type { ModelErrorKind } from '../shared/sessionTypes';

/** What opening a log found besides the good records. */
export interface LogRecovery {
  /** Bytes cut off the end because the last line had no newline (a torn write). */
  tornBytes: number;
  /** Lines that were not valid JSON records, skipped. */
  droppedLines: number;
}

export interface OpenedLog {
  records: Array<SessionEvent | UnknownRecord>;
  recovery: LogRecovery;
  log: SessionLog;
}

/** One session's append-only log. One writer per log. */
export interface SessionLog {
  readonly sessionId: string;
  /** Appends one record (one write ending in '\n'); when durable, fsyncs before resolving. */
  append(payload: SessionEventPayload, options: { durable: boolean }): Promise<SessionEvent>;
  close(): Promise<void>;
}

export interface SessionIndexEntry {
  id: string;
  title: string;
  createdAt: string;
}

/** Where session logs live. The Node adapter keeps one JSONL file per session plus an index. */
export interface SessionStore {
  /** Creates a new log; fails with a clear error if the folder is not writable. */
  create(sessionId: string): Promise<SessionLog>;
  open(sessionId: string): Promise<OpenedLog>;
  /** Ids of all sessions on disk, from the index, rebuilt from the folder if the index is missing or bad. */
  list(): Promise<string[]>;
  writeIndex(entries: SessionIndexEntry[]): Promise<void>;
  delete(sessionId: string): Promise<void>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  signal: AbortSignal;
}

/** What a model stream yields, in order; `finish` is last on success. */
export type ModelStreamEvent =
  | { kind: 'delta'; text: string }
  | { kind: 'retry'; attempt: number; delayMs: number; reason: string }
  | { kind: 'usage'; usage: ProviderUsage }
  | { kind: 'finish'; reason: string };

/** Failures carry a kind the UI can act on. Thrown by ModelClient streams. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export interface ModelClient {
  stream(request: ChatRequest): AsyncIterable<ModelStreamEvent>;
}

export interface TokenCounter {
  /** Counts tokens of `text` with the encoding for `model`; loads rank tables lazily. */
  count(text: string, model: string): Promise<{ tokens: number; encoding: string }>;
}

export interface Clock {
  now(): Date;
}
