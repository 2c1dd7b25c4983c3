import { contentText } from './promptTitle';
import { redactSecrets } from './redact';
import { isRecord } from './tokenTotals';

const MAX_BLOCK = 4000;

/** Text made inert for a markdown view: no raw HTML, no javascript: links, secrets hidden. */
function inert(text: string): string {
  return redactSecrets(text)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/javascript:/gi, 'javascript&#58;');
}

function fenced(text: string): string {
  const body = redactSecrets(
    text.length > MAX_BLOCK ? `${text.slice(0, MAX_BLOCK)}\n… (${text.length - MAX_BLOCK} more characters)` : text,
  );
  const fence = '`'.repeat(Math.max(3, ...(body.match(/`+/g) ?? []).map((m) => m.length + 1)));
  return `${fence}text\n${body}\n${fence}`;
}

function blocks(content: unknown): string[] {
  if (typeof content === 'string') return [inert(content)];
  if (!Array.isArray(content)) return [];
  const out: string[] = [];
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') out.push(inert(block.text));
    else if (block.type === 'tool_use')
      out.push(
        `**Tool call** \`${inert(String(block.name ?? 'tool'))}\`\n\n${fenced(JSON.stringify(block.input ?? {}, null, 2))}`,
      );
    else if (block.type === 'tool_result')
      out.push(
        `**Tool result**\n\n${fenced(typeof block.content === 'string' ? block.content : contentText(block.content))}`,
      );
  }
  return out;
}

function claudeEntry(o: Record<string, unknown>): string | undefined {
  if ((o.type !== 'user' && o.type !== 'assistant') || !isRecord(o.message)) return undefined;
  const parts = blocks(o.message.content);
  if (!parts.length) return undefined;
  const who =
    o.type === 'user'
      ? 'User'
      : `Assistant${typeof o.message.model === 'string' ? ` · ${inert(o.message.model)}` : ''}`;
  return `### ${who}${o.isSidechain === true ? ' (subagent)' : ''}${typeof o.timestamp === 'string' ? ` · ${inert(o.timestamp)}` : ''}\n\n${parts.join('\n\n')}`;
}

function codexEntry(o: Record<string, unknown>): string | undefined {
  const p = isRecord(o.payload) ? o.payload : undefined;
  if (!p) return undefined;
  const at = typeof o.timestamp === 'string' ? ` · ${inert(o.timestamp)}` : '';
  if (o.type === 'event_msg' && p.type === 'user_message' && typeof p.message === 'string')
    return `### User${at}\n\n${inert(p.message)}`;
  if (o.type === 'event_msg' && p.type === 'agent_message' && typeof p.message === 'string')
    return `### Assistant${at}\n\n${inert(p.message)}`;
  if (o.type === 'response_item' && p.type === 'function_call')
    return `**Tool call** \`${inert(String(p.name ?? 'tool'))}\`${at}\n\n${fenced(String(p.arguments ?? ''))}`;
  if (o.type === 'response_item' && p.type === 'function_call_output')
    return `**Tool result**\n\n${fenced(typeof p.output === 'string' ? p.output : JSON.stringify(p.output ?? ''))}`;
  if (o.type === 'compacted') return `---\n_Context compacted${at}_`;
  return undefined;
}

function entryOf(line: string): string | undefined | 'unreadable' {
  if (!line.trim()) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return 'unreadable';
  }
  if (!isRecord(o)) return undefined;
  if (o.type === 'system' && o.subtype === 'compact_boundary') return '---\n_Context compacted_';
  return 'payload' in o ? codexEntry(o) : claudeEntry(o);
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A transcript rendered line by line, so the lines need not be held: readable, inert, redacted
 * markdown of at most `maxChars` characters. `keep: 'first'` stops at the cap (`add` returns false);
 * `keep: 'last'` drops the oldest entries instead, for a view of a transcript's end.
 */
export class TranscriptMarkdown {
  private entries: string[] = [];
  private head = 0;
  private size = 0;
  private unreadable = 0;
  private dropped = 0;
  private full = false;

  constructor(
    private readonly title: string,
    private readonly subtitle: string,
    private readonly maxChars = 5_000_000,
    private readonly keep: 'first' | 'last' = 'first',
  ) {}

  /** One line of the transcript; false once nothing more will be shown. */
  add(line: string): boolean {
    if (this.full) return false;
    let entry = entryOf(line);
    if (entry === 'unreadable') this.unreadable++;
    if (!entry || entry === 'unreadable') return true;
    if (this.keep === 'first') {
      this.size += entry.length;
      if (this.size > this.maxChars) return !(this.full = true);
      this.entries.push(entry);
      return true;
    }
    if (entry.length > this.maxChars) {
      entry = `${entry.slice(0, this.maxChars)}\n\n_… (${count(entry.length - this.maxChars)} more characters)_`;
    }
    this.entries.push(entry);
    this.size += entry.length;
    while (this.size > this.maxChars && this.entries.length - this.head > 1) {
      this.size -= this.entries[this.head++].length;
      this.dropped++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return true;
  }

  /** The document, with `notes` (already inert) after the title: what the reader left out. */
  finish(notes: readonly string[] = []): string {
    const out = [`# ${inert(this.title)}`, `_${inert(this.subtitle)}_`, ...notes.map((n) => `_${n}_`)];
    if (this.dropped)
      out.push(`_… ${count(this.dropped)} earlier entries are not shown (over ${count(this.maxChars)} characters)._`);
    out.push(...this.entries.slice(this.head));
    if (this.full) out.push(`_… the rest of the transcript is not shown (over ${count(this.maxChars)} characters)._`);
    if (this.unreadable) out.push(`_${this.unreadable} line(s) could not be read and are not shown._`);
    return `${out.join('\n\n')}\n`;
  }
}

/** A transcript as readable, inert, redacted markdown. Lines that cannot be read are counted at the end. */
export function transcriptMarkdown(
  title: string,
  subtitle: string,
  lines: Iterable<string>,
  maxChars = 5_000_000,
): string {
  const doc = new TranscriptMarkdown(title, subtitle, maxChars);
  for (const line of lines) if (!doc.add(line)) break;
  return doc.finish();
}
