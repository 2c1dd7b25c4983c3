import type { ModelErrorKind, SessionSource, SessionType } from '../shared/sessionTypes';

/**
 * Everything that happens to a session is one of these records, appended to the session's log
 * before anyone is told. A record on disk is one JSON line: `{ "seq": n, "at": iso, "type": ..., ...payload }`.
 * Unknown record types are kept on disk and ignored by the reducer (newer versions may write them).
 */

/** Usage as the provider reported it (OpenAI semantics: prompt includes cached, completion includes reasoning). */
export interface ProviderUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  /** What the endpoint says this reply cost, in US dollars (OpenRouter's `usage.cost`); wins over a computed price. */
  costUsd?: number;
}

/** The local estimate made before a reply arrives, with its parts. */
export interface ContextEstimate {
  systemTokens: number;
  conversationTokens: number;
  encoding: string;
}

export type SessionEventPayload =
  | {
      type: 'session_created';
      sessionId: string;
      sessionType: SessionType;
      source: SessionSource;
      title: string;
      model: string;
      endpointHost: string;
      systemPrompt: string;
    }
  | { type: 'renamed'; title: string }
  | { type: 'user_message'; turnId: string; text: string; estimate?: ContextEstimate }
  | { type: 'assistant_delta'; turnId: string; text: string }
  | { type: 'retry_scheduled'; turnId: string; attempt: number; delayMs: number; reason: string }
  | { type: 'usage_reported'; turnId: string; usage: ProviderUsage }
  | { type: 'turn_completed'; turnId: string; finishReason: string }
  | {
      type: 'turn_failed';
      turnId: string;
      kind: ModelErrorKind;
      message: string;
      /** The window the endpoint named when it refused a context-full request (llama.cpp's n_ctx). */
      contextWindow?: number;
      /** The prompt's size by the endpoint's count, from the same refusal. */
      promptTokens?: number;
    }
  | {
      type: 'turn_interrupted';
      turnId: string;
      reason: 'host_died' | 'idle_timeout' | 'incomplete_stream';
      message: string;
    }
  | { type: 'turn_stopped'; turnId: string };

export type SessionEventType = SessionEventPayload['type'];

/** A record as stored: payload plus its place in the log. */
export type SessionEvent = SessionEventPayload & { seq: number; at: string };

/** A record whose type this version does not know; kept, never interpreted. */
export interface UnknownRecord {
  seq: number;
  at: string;
  type: string;
  [key: string]: unknown;
}

/** Events that end a turn, or change what a user would lose, are fsynced before they are acknowledged. */
export function isDurable(payload: SessionEventPayload): boolean {
  return payload.type !== 'assistant_delta' && payload.type !== 'usage_reported' && payload.type !== 'retry_scheduled';
}

const KNOWN: ReadonlySet<string> = new Set<SessionEventType>([
  'session_created',
  'renamed',
  'user_message',
  'assistant_delta',
  'retry_scheduled',
  'usage_reported',
  'turn_completed',
  'turn_failed',
  'turn_interrupted',
  'turn_stopped',
]);

export function isKnownEvent(record: { type: string }): record is SessionEvent {
  return KNOWN.has(record.type);
}
