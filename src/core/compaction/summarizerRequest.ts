import type { ChatMessage } from '../ports';

/**
 * The request that asks the summarizer model for a compaction's narrative: only what the runner cannot
 * carry itself (decisions, what was ruled out, open failures, current state, the next step). The conversation
 * is given as text, and it always fits `maxTokens`: the oldest tool outputs are cut first, then the oldest
 * messages (their instructions are carried verbatim anyway). Sizes are by characters at three a token, which
 * errs high for code and prose.
 */
const CHARS_PER_TOKEN = 3;

export const NARRATIVE_HEADINGS = [
  'Decisions and why',
  'Ruled out and why',
  'Open failures',
  'Current state',
  'Next step',
] as const;

const SYSTEM = [
  'You write the narrative part of a compaction summary of a coding-agent session. The session will go on from',
  'this summary alone, so keep every fact the next step needs: names, paths, numbers, commands and error messages',
  'exactly as they were. Compress syntax, not semantics. Do not restate the instructions, the plan, the files',
  'read or changed, or the validation commands: the runner carries those verbatim. Write Markdown under exactly',
  `these headings: ${NARRATIVE_HEADINGS.map((h) => `"## ${h}"`).join(', ')}; write "None." under one with`,
  'nothing to say.',
].join(' ');

function rendered(message: ChatMessage): string {
  if (message.role === 'tool') return `[tool result ${message.toolCallId}]\n${message.content}`;
  if (message.role === 'assistant' && message.toolCalls?.length) {
    const calls = message.toolCalls.map((c) => `[tool call ${c.id}] ${c.name} ${c.arguments}`).join('\n');
    return `[assistant]\n${message.content ? `${message.content}\n` : ''}${calls}`;
  }
  return `[${message.role}]\n${message.content}`;
}

/**
 * The summarizer's messages for the conversation `messages` (the session's context without its system
 * message), with the user's focus; at most `maxTokens` by the character estimate.
 */
export function summarizerMessages(messages: readonly ChatMessage[], maxTokens: number, focus?: string): ChatMessage[] {
  const ask = focus?.trim()
    ? `Focus on what the user asked for: ${focus.trim()}`
    : 'Keep what the next step of the task needs; drop chatter and tool noise.';
  const fixed = SYSTEM.length + ask.length + 200;
  const parts = fitted(messages.map(rendered), maxTokens * CHARS_PER_TOKEN - fixed);
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `The conversation so far:\n\n${parts.join('\n\n')}\n\n${ask}` },
  ];
}

const CUT = (n: number) => `[… ${n} characters of this tool output cut for the summary]`;
const KEEP_OF_TOOL = 400;
const OMITTED = '[earlier messages omitted to fit the summarizer; their instructions are carried verbatim]';

/** Cuts the oldest tool outputs to their first characters, then drops the oldest messages, until it fits. */
export function fitted(parts: string[], maxChars: number): string[] {
  const out = [...parts];
  let total = out.reduce((n, p) => n + p.length + 2, 0);
  for (let i = 0; i < out.length && total > maxChars; i++) {
    if (!out[i].startsWith('[tool result ') || out[i].length <= KEEP_OF_TOOL + 80) continue;
    const cut = `${out[i].slice(0, KEEP_OF_TOOL)}\n${CUT(out[i].length - KEEP_OF_TOOL)}`;
    total -= out[i].length - cut.length;
    out[i] = cut;
  }
  if (total <= maxChars) return out;
  // then the oldest messages go (their instructions are carried verbatim); the newest always stays
  const room = maxChars - OMITTED.length - 2;
  let dropped = 0;
  while (total > room && dropped < out.length - 1) total -= out[dropped++].length + 2;
  const rest = out.slice(dropped);
  if (total > room) {
    // the newest message alone is too long: its end is what the next step needs
    const last = rest[rest.length - 1];
    rest[rest.length - 1] = last.slice(Math.min(last.length, total - room));
  }
  return [OMITTED, ...rest];
}
