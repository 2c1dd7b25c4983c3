import type { ModelToolCall } from './ports';
import { DENIED_WORDS, lostWords, planReminderWords, refusedWords, validationWords } from './runnerWords';
import type { SessionEvent } from './sessionEvents';
import { replacedContext } from './compaction/compactionFold';

/**
 * What the model sees is its own fold, kept beside the transcript: the items requests are built from
 * (`contextOf`). Compaction (a later `context_replaced` event) swaps these items for a summary and
 * touches nothing else; the turns the user reads keep everything.
 */
export type ContextItem =
  | { kind: 'user'; turnId: string; text: string }
  | { kind: 'assistant'; turnId: string; text: string; calls: ModelToolCall[] }
  | { kind: 'tool_result'; turnId: string; callId: string; text: string }
  /** Something the runner tells the model (validation outcome, plan reminder): sent as a user message. */
  | { kind: 'runner'; turnId: string; text: string }
  /** Stands for replaced history (compaction, reset). */
  | { kind: 'summary'; text: string };

type Assistant = Extract<ContextItem, { kind: 'assistant' }>;

function lastAssistant(items: ContextItem[], turnId: string): Assistant | undefined {
  const last = items[items.length - 1];
  return last?.kind === 'assistant' && last.turnId === turnId ? last : undefined;
}

function replaceLast(items: ContextItem[], item: ContextItem): ContextItem[] {
  return [...items.slice(0, -1), item];
}

/** Applies one event to the context items; events that change nothing the model sees return the same array. */
export function foldContext(
  items: ContextItem[],
  event: SessionEvent,
  callName: (id: string) => string,
): ContextItem[] {
  switch (event.type) {
    case 'user_message':
      return [...items, { kind: 'user', turnId: event.turnId, text: event.text }];
    case 'assistant_delta': {
      const last = lastAssistant(items, event.turnId);
      if (last && last.calls.length === 0) return replaceLast(items, { ...last, text: last.text + event.text });
      return [...items, { kind: 'assistant', turnId: event.turnId, text: event.text, calls: [] }];
    }
    case 'tool_call_requested': {
      const call = { id: event.callId, name: event.name, arguments: event.arguments };
      const last = lastAssistant(items, event.turnId);
      if (last) return replaceLast(items, { ...last, calls: [...last.calls, call] });
      return [...items, { kind: 'assistant', turnId: event.turnId, text: '', calls: [call] }];
    }
    case 'tool_call_refused':
      return result(items, event.turnId, event.callId, refusedWords(event.reason));
    case 'approval_denied':
      return result(items, event.turnId, event.callId, DENIED_WORDS);
    case 'tool_result':
      return result(items, event.turnId, event.callId, event.output);
    case 'tool_lost':
      return result(items, event.turnId, event.callId, lostWords(callName(event.callId)));
    case 'validation_run': {
      const text = validationWords(event.ok, event.steps, event.failureOutput);
      if (event.callId) return result(items, event.turnId, event.callId, text);
      return [...items, { kind: 'runner', turnId: event.turnId, text }];
    }
    case 'plan_reminder':
      return [...items, { kind: 'runner', turnId: event.turnId, text: planReminderWords(event.missing) }];
    case 'turn_resumed':
      return [...items, { kind: 'runner', turnId: event.turnId, text: event.reason }];
    case 'context_replaced':
      return replacedContext(items, event.summary, event.contextItems);
    default:
      return items;
  }
}

function result(items: ContextItem[], turnId: string, callId: string, text: string): ContextItem[] {
  return [...items, { kind: 'tool_result', turnId, callId, text }];
}
