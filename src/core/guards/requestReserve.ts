import type { ChatMessage, ToolSpec } from '../ports';
import type { SessionState } from '../session';
import type { Reserve } from './tokenLimit';

/** Characters per token the reserve counts with: fewer than any tokenizer's average, so it errs high. */
const CHARS_PER_TOKEN = 3;
const PER_MESSAGE = 4;
/** The least a reply is reserved at; more when the session's replies have been longer. */
const MIN_COMPLETION = 1024;

/**
 * What the next request is reserved at, before it is sent: its prompt by characters (cheap enough for
 * every step, and never below what a tokenizer would count for prose or code), and a reply as long as the
 * longest one this session has had, at least MIN_COMPLETION tokens.
 */
export function reserveOf(state: SessionState, messages: readonly ChatMessage[], tools: readonly ToolSpec[]): Reserve {
  let chars = 0;
  for (const m of messages) {
    chars += m.content.length;
    if (m.role === 'assistant' && m.toolCalls)
      for (const c of m.toolCalls) chars += c.name.length + c.arguments.length + c.id.length;
  }
  if (tools.length) chars += JSON.stringify(tools).length;
  const promptTokens = Math.ceil(chars / CHARS_PER_TOKEN) + PER_MESSAGE * messages.length;
  let longest = 0;
  for (const turn of state.turns) for (const u of turn.usages) longest = Math.max(longest, u.completionTokens);
  return { promptTokens, completionTokens: Math.max(MIN_COMPLETION, longest) };
}
