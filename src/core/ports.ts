import type { SessionEvent, SessionEventPayload, UnknownRecord } from './sessionEvents';
import type { ProviderUsage } from './sessionEvents';
import type { ModelErrorKind } from '../shared/sessionTypes';

/** What opening a log found besides the good records. */
export interface LogRecovery {
  /** Bytes cut off the end because the last line had no newline (a torn write). */
  tornBytes: number;
  /** Lines that were not valid JSON records, skipped. */
  droppedLines: number;
  /** Records numbered past a missing seq, and records whose seq repeats or goes back; all kept. */
  seqGaps: number;
  seqRepeats: number;
}

/** The process that holds a log's lock (its only writer), e.g. another VS Code window. */
export interface LogHolder {
  pid: number;
  host: string;
}

/** An opened log: ours to append to, or read-only because another live process writes it. */
export type OpenedLog =
  | { records: Array<SessionEvent | UnknownRecord>; recovery: LogRecovery; log: SessionLog; readOnly?: undefined }
  | { records: Array<SessionEvent | UnknownRecord>; recovery: LogRecovery; log?: undefined; readOnly: LogHolder };

/** Thrown by SessionStore.delete when the trash cannot be used here: ask, then delete permanently. */
export class TrashUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrashUnavailableError';
  }
}

/** Our writer found its lock taken by another window (Take Over there): it writes nothing more. */
export class LogTakenOverError extends Error {
  constructor(readonly holder: LogHolder | undefined) {
    const who = holder ? `pid ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}` : 'another process';
    super(`Another VS Code window (${who}) took this session over; it is read-only here now.`);
    this.name = 'LogTakenOverError';
  }
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
  /** Creates a new log (and takes its lock); fails with a clear error if the folder is not writable. */
  create(sessionId: string): Promise<SessionLog>;
  /** Reads a log; takes its lock and a writer unless another live process holds it (then read-only). */
  open(sessionId: string): Promise<OpenedLog>;
  /**
   * Take Over: breaks the lock of `holder` (another window the user named), if it still holds it.
   * False when someone else holds it now, or this process does. Then open() the log as its writer.
   */
  breakLock(sessionId: string, holder: LogHolder): Promise<boolean>;
  /** Ids of all sessions on disk, from the index, rebuilt from the folder if the index is missing or bad. */
  list(): Promise<string[]>;
  writeIndex(entries: SessionIndexEntry[]): Promise<void>;
  /** Moves the log to the trash (or deletes it when `permanent`); its writer must be closed first. */
  delete(sessionId: string, options?: { permanent?: boolean }): Promise<void>;
}

/** A tool call as the model made it: `arguments` is the raw JSON text it streamed, unchecked. */
export interface ModelToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** One message of a Chat Completions request (OpenAI semantics). */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** A function the model may call: name, description and the JSON schema of its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Offered to the model; absent or empty: a plain chat request (no `tools` field is sent). */
  tools?: ToolSpec[];
  signal: AbortSignal;
}

/** What a model stream yields, in order; `finish` is last on success. */
export type ModelStreamEvent =
  | { kind: 'delta'; text: string }
  /** A complete tool call, yielded once the stream has finished it (its argument deltas joined). */
  | { kind: 'tool_call'; call: ModelToolCall }
  | { kind: 'retry'; attempt: number; delayMs: number; reason: string }
  | { kind: 'usage'; usage: ProviderUsage }
  | { kind: 'finish'; reason: string };

/** What a refusal taught us about the model, e.g. llama.cpp's n_ctx in a context-full error. */
export interface RefusalFacts {
  contextWindow?: number;
  promptTokens?: number;
}

/** Failures carry a kind the UI can act on. Thrown by ModelClient streams. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    readonly facts?: RefusalFacts,
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
