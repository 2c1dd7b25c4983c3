import type { Scan, Span } from './jsonScan';
import { KeySpec, isString, isTrue, numberAt, scan, stringAt } from './jsonScan';
import { firstPromptTitle, promptTitle } from './promptTitle';
import type { TokenTotals } from './tokenTotals';
import { isRecord } from './tokenTotals';
import type { TranscriptFold, TranscriptLine } from './transcriptLine';

/** One deduplicated API message: the line with the largest output of those sharing message.id + requestId. */
export interface UsageEntry {
  model: string;
  usage: TokenTotals;
  sidechain: boolean;
}

/** What Claude Code's context held at its last main-chain reply: input + cache creation + cache read. */
export interface ClaudeContextNow {
  input: number;
  cacheCreation: number;
  cacheRead: number;
  output: number;
  model: string;
}

export interface Compaction {
  timestamp?: string;
  trigger?: string;
  /** Context size just before the compaction, when the transcript says. */
  preTokens?: number;
}

const USAGE_SPEC = new KeySpec(['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'], {
  cache_creation: new KeySpec(['ephemeral_1h_input_tokens']),
});
const TOP = new KeySpec(['type', 'isSidechain', 'requestId', 'cwd', 'sessionId', 'isMeta'], {
  message: new KeySpec(['id', 'model', 'content'], { usage: USAGE_SPEC }),
});
const SYNTHETIC = '<synthetic>';
const USAGE = '"usage"';
const COMPACT = 'compact_boundary';
const USER = '"user"';
const CWD = '"cwd"';
/** The needles by what is still missing: bit 1 = a title, bit 2 = the cwd. */
const NEEDLES: readonly (readonly string[])[] = [[USAGE, COMPACT], [USAGE, COMPACT, USER], [USAGE, COMPACT, CWD], [USAGE, COMPACT, USER, CWD]];
/** Bits of `applyLine`'s `matched`: the first two needles are always USAGE and COMPACT. */
const HAS_USAGE = 1;
const HAS_COMPACT = 2;

/**
 * The running fold of one Claude Code transcript file (main session or subagent), fed complete lines
 * in order. Only lines holding a needle are handed over. Usage lines go through the key scanner in one
 * walk that stops at `"type"` when the line is not an assistant reply; the first typed prompt through
 * the scanner too; compaction markers (rare) through JSON.parse. Other lines are skipped.
 */
export class ClaudeCodeTranscript implements TranscriptFold {
  /** Deduplicated API messages by `message.id:requestId`. */
  readonly messages = new Map<string, UsageEntry>();
  /** Keys first seen since the owner last drained this list (for the cross-file ledger). */
  readonly newKeys: string[] = [];
  contextNow: ClaudeContextNow | undefined;
  title: string | undefined;
  cwd: string | undefined;
  sessionId: string | undefined;
  readonly compactions: Compaction[] = [];
  /** Lines handed over (lines without a needle never are). */
  linesRead = 0;
  unreadable = 0;
  /** Bumped by every line that changed what the views show. */
  version = 0;
  private rawModel = '';
  private model = '';

  /** @param wantTitle false for subagent files, whose first prompt titles nothing. */
  constructor(private readonly wantTitle = true) {}

  needles(): readonly string[] {
    return NEEDLES[(this.wantTitle && this.title === undefined ? 1 : 0) | (this.cwd === undefined ? 2 : 0)];
  }

  applyLine(line: TranscriptLine, matched: number): void {
    this.linesRead++;
    const text = line.text;
    if (matched & HAS_USAGE) this.applyUsageLine(line);
    else if (matched & HAS_COMPACT) this.applyParsed(line);
    else if (this.wantTitle && this.title === undefined && text.includes(USER)) this.applyUserLine(line);
    else if (this.cwd === undefined && text.includes(CWD)) {
      const top = scan(text, TOP);
      if (top) this.noteMeta(line, top.spans);
      else this.unreadable++;
    }
  }

  private applyUsageLine(line: TranscriptLine): void {
    const text = line.text;
    const found = scan(text, TOP, (key, span) => key === 'type' && !isString(text, span, 'assistant'));
    if (!found) {
      this.unreadable++;
      return;
    }
    const top = found.spans;
    this.noteMeta(line, top);
    if (found.stopped || !isString(text, top.get('type'), 'assistant')) return;
    const message = found.nested.get('message');
    const raw = message?.nested.get('usage');
    if (!message || !raw) return;
    const modelSpan = message.spans.get('model');
    if (isString(text, modelSpan, SYNTHETIC)) return;
    const model = this.modelAt(line, modelSpan);
    const sidechain = isTrue(text, top.get('isSidechain'));
    const usage = usageOf(text, raw);
    const id = stringAt(line, message.spans.get('id'));
    const key = id === undefined ? `at:${line.offset}` : `${id}:${stringAt(line, top.get('requestId')) ?? ''}`;
    const previous = this.messages.get(key);
    if (!previous) this.newKeys.push(key);
    if (!previous || usage.output >= previous.usage.output) this.messages.set(key, { model, usage, sidechain });
    if (!sidechain) this.contextNow = { input: usage.input, cacheCreation: usage.cacheCreation, cacheRead: usage.cacheRead, output: usage.output, model };
    this.version++;
  }

  /** The model id at a span, decoded once per distinct id (every reply of a session names the same few). */
  private modelAt(line: TranscriptLine, span: Span | undefined): string {
    if (!span) return 'unknown';
    const raw = line.text.slice(span[0], span[1]);
    if (raw !== this.rawModel) {
      this.model = stringAt(line, span) ?? 'unknown';
      // a copy, not a slice: a slice would keep the whole line alive
      this.rawModel = line.utf8(span[0], span[1]);
    }
    return this.model;
  }

  /** A user line while the session has no title: the first prompt the user typed, if this is it. */
  private applyUserLine(line: TranscriptLine): void {
    const text = line.text;
    const found = scan(text, TOP, (key, span) => key === 'type' && !isString(text, span, 'user'));
    if (!found) {
      this.unreadable++;
      return;
    }
    this.noteMeta(line, found.spans);
    const top = found.spans;
    if (found.stopped || isTrue(text, top.get('isMeta')) || isTrue(text, top.get('isSidechain'))) return;
    const content = found.nested.get('message')?.spans.get('content');
    if (!content) return;
    let title: string | undefined;
    if (text.charCodeAt(content[0]) === 34) title = promptTitle(stringAt(line, content) ?? '');
    else {
      // an array of blocks: only one holding a text block can give a title (tool results alone cannot)
      const textBlock = text.indexOf('"text"', content[0]);
      if (textBlock < 0 || textBlock >= content[1]) return;
      try {
        title = firstPromptTitle(JSON.parse(line.utf8(content[0], content[1])));
      } catch {
        this.unreadable++;
        return;
      }
    }
    if (title !== undefined) {
      this.title = title;
      this.version++;
    }
  }

  /** A line that may be a compaction marker: parsed whole (they are rare and small). */
  private applyParsed(line: TranscriptLine): void {
    let value: unknown;
    try {
      value = JSON.parse(line.utf8(0, line.text.length));
    } catch {
      this.unreadable++;
      return;
    }
    if (!isRecord(value)) return;
    if (this.cwd === undefined && typeof value.cwd === 'string' && value.cwd) this.cwd = value.cwd;
    if (this.sessionId === undefined && typeof value.sessionId === 'string' && value.sessionId) this.sessionId = value.sessionId;
    if (value.type === 'system' && value.subtype === 'compact_boundary') {
      const meta = isRecord(value.compactMetadata) ? value.compactMetadata : {};
      this.compactions.push({
        timestamp: typeof value.timestamp === 'string' ? value.timestamp : undefined,
        trigger: typeof meta.trigger === 'string' ? meta.trigger : undefined,
        preTokens: typeof meta.preTokens === 'number' ? meta.preTokens : undefined,
      });
      this.version++;
      return;
    }
    if (this.wantTitle && this.title === undefined && value.type === 'user' && value.isMeta !== true && value.isSidechain !== true && isRecord(value.message)) {
      const title = firstPromptTitle(value.message.content);
      if (title !== undefined) {
        this.title = title;
        this.version++;
      }
    }
  }

  private noteMeta(line: TranscriptLine, top: ReadonlyMap<string, Span>): void {
    if (this.cwd !== undefined && this.sessionId !== undefined) return;
    if (this.cwd === undefined) this.cwd = stringAt(line, top.get('cwd')) || undefined;
    if (this.sessionId === undefined) this.sessionId = stringAt(line, top.get('sessionId')) || undefined;
  }
}

/** Claude's usage object in our categories (its nested cache_creation says how much was written for 1 hour). */
function usageOf(text: string, usage: Scan): TokenTotals {
  const u = usage.spans;
  return {
    input: numberAt(text, u.get('input_tokens')),
    output: numberAt(text, u.get('output_tokens')),
    cacheCreation: numberAt(text, u.get('cache_creation_input_tokens')),
    cacheCreation1h: numberAt(text, usage.nested.get('cache_creation')?.spans.get('ephemeral_1h_input_tokens')),
    cacheRead: numberAt(text, u.get('cache_read_input_tokens')),
  };
}
