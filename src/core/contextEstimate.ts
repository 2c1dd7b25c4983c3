import type { ContextEstimate } from './sessionEvents';
import type { SessionState } from './session';

/** Tokens a chat message costs beyond its text (role and separators), as OpenAI documents for its chat format. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens that prime every reply. */
export const REPLY_PRIMING_TOKENS = 3;

/**
 * The estimate for the prompt that sending one more message will produce, computed incrementally:
 * the last measured context (or the previous estimate plus the reply that followed it) plus the new
 * message. Never recounts the whole conversation, so it stays O(new message) on a session of 1M tokens.
 */
export function estimateNextPrompt(
  state: SessionState,
  counts: { systemTokens: number; newMessageTokens: number; unmeasuredReplyTokens: number },
  encoding: string,
): ContextEstimate {
  const system = counts.systemTokens + MESSAGE_OVERHEAD_TOKENS;
  const added = counts.newMessageTokens + MESSAGE_OVERHEAD_TOKENS;
  const previous = [...state.turns].reverse().find((t) => t.usage || t.estimate);
  let conversation: number;
  if (!previous) {
    conversation = REPLY_PRIMING_TOKENS + added;
  } else if (previous.usage) {
    conversation = previous.usage.promptTokens + previous.usage.completionTokens - system + added;
  } else {
    conversation =
      (previous.estimate?.conversationTokens ?? 0) + counts.unmeasuredReplyTokens + MESSAGE_OVERHEAD_TOKENS + added;
  }
  return { systemTokens: system, conversationTokens: Math.max(0, conversation), encoding };
}

/** The reply text of the latest turn that was estimated but never measured: the one part still to count. */
export function unmeasuredReplyText(state: SessionState): string {
  const previous = [...state.turns].reverse().find((t) => t.usage || t.estimate);
  return previous && !previous.usage ? previous.assistantText : '';
}
