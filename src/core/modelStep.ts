import type { ChatMessage, ModelClient, ToolSpec } from './ports';
import { ModelError } from './ports';
import type { SessionEventPayload } from './sessionEvents';

/** Appends an event (persist first) and hands the new state to whoever listens. */
export type Record = (payload: SessionEventPayload) => Promise<void>;

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** How one model request ended. `ended`: its terminal event (stopped, interrupted, failed) is recorded. */
export type StepOutcome =
  | { kind: 'finished'; reason: string; calls: number }
  | { kind: 'ended' }
  /** The endpoint refused the `tools` field; nothing was recorded for it. */
  | { kind: 'tools_refused'; message: string };

export interface StepRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  turnId: string;
  signal: AbortSignal;
  /** Our id for the next tool call (unique in the session; the model's own ids repeat across replies on some servers). */
  nextCallId(): string;
}

/**
 * Streams one model request into the log: text deltas, usage, retries and each tool call (recorded
 * before anything checks or runs it). A finished stream returns `finished` and records nothing more:
 * the caller decides whether the turn ends. Every other outcome ends the turn with exactly one terminal
 * event: stopped (user), interrupted (idle timeout, cut or unfinished stream) or failed (classified
 * error). Storage errors propagate: nothing is acknowledged that is not on disk.
 */
export async function streamStep(client: ModelClient, request: StepRequest, record: Record): Promise<StepOutcome> {
  const { turnId } = request;
  let finished: StepOutcome | undefined;
  let calls = 0;
  try {
    for await (const event of client.stream({
      model: request.model,
      messages: request.messages,
      ...(request.tools?.length ? { tools: request.tools } : {}),
      signal: request.signal,
    })) {
      if (event.kind === 'delta') await record({ type: 'assistant_delta', turnId, text: event.text });
      else if (event.kind === 'usage') await record({ type: 'usage_reported', turnId, usage: event.usage });
      else if (event.kind === 'tool_call') {
        calls++;
        const { name, arguments: args } = event.call;
        await record({ type: 'tool_call_requested', turnId, callId: request.nextCallId(), name, arguments: args });
      } else if (event.kind === 'retry')
        await record({
          type: 'retry_scheduled',
          turnId,
          attempt: event.attempt,
          delayMs: event.delayMs,
          reason: event.reason,
        });
      else if (event.kind === 'finish') finished = { kind: 'finished', reason: event.reason, calls };
    }
    if (finished) return finished;
    if (request.signal.aborted) await record({ type: 'turn_stopped', turnId });
    else
      await record({
        type: 'turn_interrupted',
        turnId,
        reason: 'incomplete_stream',
        message: 'The stream ended before the model said it was finished.',
      });
    return { kind: 'ended' };
  } catch (error) {
    if (finished) throw error;
    if (error instanceof ModelError && error.kind === 'tools_unsupported' && request.tools?.length && calls === 0)
      return { kind: 'tools_refused', message: error.message };
    await recordFailure(error, turnId, request.signal, record);
    return { kind: 'ended' };
  }
}

async function recordFailure(error: unknown, turnId: string, signal: AbortSignal, record: Record): Promise<void> {
  if (signal.aborted || isAbort(error)) {
    await record({ type: 'turn_stopped', turnId });
  } else if (error instanceof ModelError && error.kind === 'idle_timeout') {
    await record({ type: 'turn_interrupted', turnId, reason: 'idle_timeout', message: error.message });
  } else if (error instanceof ModelError && (error.kind === 'incomplete' || error.kind === 'network')) {
    await record({ type: 'turn_interrupted', turnId, reason: 'incomplete_stream', message: error.message });
  } else if (error instanceof ModelError) {
    const { contextWindow, promptTokens } = error.facts ?? {};
    await record({
      type: 'turn_failed',
      turnId,
      kind: error.kind,
      message: error.message,
      ...(contextWindow === undefined ? {} : { contextWindow }),
      ...(promptTokens === undefined ? {} : { promptTokens }),
    });
  } else if (isStorageError(error)) {
    // the writer has cut the failed record back; a short closing record may still fit, so the turn
    // ends as failed (with Resend) instead of looking as if it were still streaming
    await record({ type: 'turn_failed', turnId, kind: 'storage', message: (error as Error).message }).catch(
      () => undefined,
    );
    throw error;
  } else {
    await record({
      type: 'turn_failed',
      turnId,
      kind: 'server',
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Marks errors raised while persisting, so they are never mistaken for model failures. */
export class StorageError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StorageError';
  }
}

function isStorageError(error: unknown): boolean {
  return error instanceof StorageError;
}
