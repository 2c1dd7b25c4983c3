/** Turns a user message into a session title, skipping what the agent injected rather than the user typed. */
import { redactSecrets } from './redact';

const INJECTED = [
  '<command-',
  '<local-command',
  '<system-reminder>',
  'Caveat:',
  '[Request interrupted',
  '<environment_context>',
  '<user_instructions>',
  '# AGENTS.md',
];

/** The text of a message's content: a string, or the text parts of an array of blocks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (
      block &&
      typeof block === 'object' &&
      (block as { type?: unknown }).type === 'text' &&
      typeof (block as { text?: unknown }).text === 'string'
    ) {
      parts.push((block as { text: string }).text);
    }
  }
  return parts.join('\n');
}

/** A title from what the user typed: first non-empty line, secrets redacted, cut to 80 characters; undefined if injected or empty. */
export function promptTitle(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed || INJECTED.some((p) => trimmed.startsWith(p))) return undefined;
  const line =
    trimmed
      .split(/\r?\n/)
      .find((l) => l.trim())
      ?.trim() ?? '';
  // redacted before it is cut, so a key cut at 80 characters cannot slip past the patterns
  const clean = redactSecrets(line.slice(0, 1000)).replace(/\s+/g, ' ');
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

/** The title from a message's content: the first text block the user typed (injected blocks are skipped). */
export function firstPromptTitle(content: unknown): string | undefined {
  if (typeof content === 'string') return promptTitle(content);
  if (!Array.isArray(content)) return undefined;
  for (const block of content) {
    const title = promptTitle(contentText([block]));
    if (title !== undefined) return title;
  }
  return undefined;
}
