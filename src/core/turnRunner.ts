import type { ChatMessage, ModelClient } from './ports';
import { ModelError } from './ports';
import type { SessionEventPayload } from './sessionEvents';
import type { SessionState } from './session';

/** Appends an event (persist first) and hands the new state to whoever listens. */
export type Record = (payload: SessionEventPayload) => Promise<void>;

/** The conversation the model sees: the system prompt, then every finished exchange, then the new message. */
export function buildMessages(state: SessionState, turnId: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (state.systemPrompt) messages.push({ role: 'system', content: state.systemPrompt });
  for (const turn of state.turns) {
    if (turn.id === turnId) {
      messages.push({ role: 'user', content: turn.userText });
    } else if (turn.status === 'done' || (turn.status === 'stopped' && turn.assistantText)) {
      messages.push({ role: 'user', content: turn.userText }, { role: 'assistant', content: turn.assistantText });
    }
  }
  return messages;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Streams one reply into the log. Every outcome ends the turn with exactly one terminal event:
 * completed (finish_reason seen), stopped (user), interrupted (idle timeout, cut or unfinished stream)
 * or failed (classified error). Storage errors propagate: nothing is acknowledged that is not on disk.
 */
export async function runTurn(
  client: ModelClient,
  request: { model: string; messages: ChatMessage[]; turnId: string; signal: AbortSignal },
  record: Record,
): Promise<void> {
  const { turnId } = request;
  let finished = false;
  try {
    for await (const event of client.stream({
      model: request.model,
      messages: request.messages,
      signal: request.signal,
    })) {
      if (event.kind === 'delta') await record({ type: 'assistant_delta', turnId, text: event.text });
      else if (event.kind === 'usage') await record({ type: 'usage_reported', turnId, usage: event.usage });
      else if (event.kind === 'retry')
        await record({
          type: 'retry_scheduled',
          turnId,
          attempt: event.attempt,
          delayMs: event.delayMs,
          reason: event.reason,
        });
      else if (event.kind === 'finish') {
        finished = true;
        await record({ type: 'turn_completed', turnId, finishReason: event.reason });
      }
    }
    if (!finished) {
      if (request.signal.aborted) await record({ type: 'turn_stopped', turnId });
      else
        await record({
          type: 'turn_interrupted',
          turnId,
          reason: 'incomplete_stream',
          message: 'The stream ended before the model said it was finished.',
        });
    }
  } catch (error) {
    if (finished) throw error;
    if (request.signal.aborted || isAbort(error)) {
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
