import type { ContextItem } from './contextItems';
import type { ChatMessage, ModelToolCall } from './ports';
import { PLAN_MODE_WORDS } from './runnerWords';
import type { SessionState, Turn } from './session';
import { toolCalls } from './turnItems';

/**
 * Builds the request the model sees from the context fold (never from the transcript): the rules files
 * first, then the role (and plan mode), a Reviewer's diff, then the context items of the turns that count.
 */
export function contextOf(state: SessionState, currentTurnId?: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const system = systemText(state);
  if (system) messages.push({ role: 'system', content: system });
  if (state.review) messages.push({ role: 'user', content: reviewText(state.review) });
  const turns = new Map(state.turns.map((t) => [t.id, t]));
  const counts = (item: ContextItem) => {
    if (item.kind === 'summary') return true;
    const turn = turns.get(item.turnId);
    return turn !== undefined && (turn.id === currentTurnId || turnCounts(turn));
  };
  let open: ModelToolCall[] = [];
  const closeOpen = () => {
    for (const call of open)
      messages.push({ role: 'tool', toolCallId: call.id, content: 'Not run: the turn ended before this call ran.' });
    open = [];
  };
  for (const item of state.context) {
    if (!counts(item)) continue;
    if (item.kind === 'tool_result') {
      const index = open.findIndex((c) => c.id === item.callId);
      if (index < 0) continue; // a result whose call is not in this context (replaced history): not sendable
      open.splice(index, 1);
      messages.push({ role: 'tool', toolCallId: item.callId, content: item.text });
      continue;
    }
    closeOpen();
    if (item.kind === 'assistant') {
      messages.push(
        item.calls.length
          ? { role: 'assistant', content: item.text, toolCalls: item.calls }
          : { role: 'assistant', content: item.text },
      );
      open = [...item.calls];
    } else if (item.kind === 'summary') messages.push({ role: 'user', content: item.text });
    else messages.push({ role: 'user', content: item.text });
  }
  closeOpen();
  return messages;
}

/** A finished turn is sent again when it completed, or when it did work (tool calls) or kept text after a stop. */
function turnCounts(turn: Turn): boolean {
  if (turn.status === 'done' || turn.status === 'halted' || turn.status === 'awaiting_approval') return true;
  if (toolCalls(turn.items).length > 0) return true;
  return turn.status === 'stopped' && turn.assistantText !== '';
}

/** The system message: each rules file, then the role text, then plan mode's rule when on. */
export function systemText(state: SessionState): string {
  const parts = rulesParts(state);
  if (state.systemPrompt) parts.push(state.systemPrompt);
  if (state.planMode) parts.push(PLAN_MODE_WORDS);
  return parts.join('\n\n');
}

function rulesParts(state: SessionState): string[] {
  return state.rules.map((r) => `# Project rules (${r.path})\n\n${r.text.trim()}`);
}

/** The rules files' part of the system message: its own slice of the gauge tooltip. */
export function rulesText(state: SessionState): string {
  return rulesParts(state).join('\n\n');
}

export function reviewText(review: { base: string; diff: string }): string {
  return `The change to review: \`git diff ${review.base}\` (staged and unstaged):\n\n\`\`\`diff\n${review.diff}\n\`\`\``;
}
