import type { ClaudeFoldSnapshot } from './foldSnapshot';
import { parseClaudeSnapshot } from './foldSnapshot';
import { parseObject, recordOf, stringOf } from './jsonLine';
import { firstPromptTitle } from './promptTitle';
import type { TokenTotals } from './tokenTotals';
import { count } from './tokenTotals';
import type { TranscriptFold, TranscriptLine } from './transcriptLine';

/** One deduplicated API message: the line with the largest output of those sharing message.id + requestId. */
export interface UsageEntry {
  model: string;
  usage: TokenTotals;
  sidechain: boolean;
  /** The line's timestamp (ISO): prices change on dates. */
  at?: string;
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

const SYNTHETIC = '<synthetic>';
const USAGE = '"usage"';
const COMPACT = 'compact_boundary';
const USER = '"user"';
const CWD = '"cwd"';
/** The needles by what is still missing: bit 1 = a title, bit 2 = the cwd. */
const NEEDLES: readonly (readonly string[])[] = [
  [USAGE, COMPACT],
  [USAGE, COMPACT, USER],
  [USAGE, COMPACT, CWD],
  [USAGE, COMPACT, USER, CWD],
];

/**
 * The running fold of one Claude Code transcript file (main session or subagent), fed complete lines
 * in order. Only lines holding a needle are handed over (most lines hold none: the reader skips them
 * without decoding); those are JSON.parsed whole and read by their fields. A hand-written key scanner
 * that never built the rest of the line did this until issue 10 measured it: it made the whole cold
 * ingest only 1.13x faster (docs/dev-notes.md).
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
  /** The last reply's model id: replies naming it share this one string. */
  private model = '';

  /** @param wantTitle false for subagent files, whose first prompt titles nothing. */
  constructor(private readonly wantTitle = true) {}

  /** Everything the summaries read, as plain data (copied: the fold goes on changing). */
  snapshot(): ClaudeFoldSnapshot {
    return {
      wantTitle: this.wantTitle,
      messages: [...this.messages],
      contextNow: this.contextNow,
      title: this.title,
      cwd: this.cwd,
      sessionId: this.sessionId,
      compactions: this.compactions.map((c) => ({ ...c })),
      linesRead: this.linesRead,
      unreadable: this.unreadable,
      version: this.version,
      model: this.model,
    };
  }

  /** The fold a snapshot describes, ready for the rest of its file; undefined if anything in it is malformed. */
  static restore(data: unknown, onMalformed?: (what: string) => void): ClaudeCodeTranscript | undefined {
    const s = parseClaudeSnapshot(data, onMalformed);
    if (!s) return undefined;
    const fold = new ClaudeCodeTranscript(s.wantTitle);
    for (const [key, entry] of s.messages) fold.messages.set(key, entry);
    fold.compactions.push(...s.compactions);
    fold.contextNow = s.contextNow;
    fold.title = s.title;
    fold.cwd = s.cwd;
    fold.sessionId = s.sessionId;
    fold.linesRead = s.linesRead;
    fold.unreadable = s.unreadable;
    fold.version = s.version;
    fold.model = s.model;
    return fold;
  }

  needles(): readonly string[] {
    return NEEDLES[(this.wantTitle && this.title === undefined ? 1 : 0) | (this.cwd === undefined ? 2 : 0)];
  }

  applyLine(line: TranscriptLine, _matched = 0): void {
    this.linesRead++;
    const value = parseObject(line);
    if (!value) {
      this.unreadable++;
      return;
    }
    this.cwd ??= stringOf(value.cwd) || undefined;
    this.sessionId ??= stringOf(value.sessionId) || undefined;
    // a needle can also be part of a value (a prompt about "usage", a folder named so): what the line
    // is comes from its fields, never from which needle let it through
    const message = recordOf(value.message);
    const usage = recordOf(message?.usage);
    if (value.type === 'assistant' && message && usage) this.applyReply(line, value, message, usage);
    else if (value.type === 'system' && value.subtype === COMPACT) this.applyCompaction(value);
    else if (value.type === 'user' && message) this.applyPrompt(value, message);
  }

  /** An assistant reply's usage, deduplicated by message.id + requestId (the largest output wins). */
  private applyReply(
    line: TranscriptLine,
    value: Record<string, unknown>,
    message: Record<string, unknown>,
    usage: Record<string, unknown>,
  ): void {
    if (message.model === SYNTHETIC) return;
    const model = this.modelOf(message.model);
    const sidechain = value.isSidechain === true;
    const totals = usageOf(usage);
    const id = stringOf(message.id);
    const key = id === undefined ? `at:${line.offset}` : `${id}:${stringOf(value.requestId) ?? ''}`;
    const previous = this.messages.get(key);
    if (!previous) this.newKeys.push(key);
    if (!previous || totals.output >= previous.usage.output)
      this.messages.set(key, { model, usage: totals, sidechain, at: stringOf(value.timestamp) });
    if (!sidechain)
      this.contextNow = {
        input: totals.input,
        cacheCreation: totals.cacheCreation,
        cacheRead: totals.cacheRead,
        output: totals.output,
        model,
      };
    this.version++;
  }

  /** A reply's model id; replies naming the last one share its string (every reply of a session names the same few). */
  private modelOf(value: unknown): string {
    const model = stringOf(value) ?? 'unknown';
    if (model !== this.model) this.model = model;
    return this.model;
  }

  private applyCompaction(value: Record<string, unknown>): void {
    const meta = recordOf(value.compactMetadata);
    this.compactions.push({
      timestamp: stringOf(value.timestamp),
      trigger: stringOf(meta?.trigger),
      preTokens: Number.isFinite(meta?.preTokens) ? (meta?.preTokens as number) : undefined,
    });
    this.version++;
  }

  /** A user line while the session has no title: the first prompt the user typed, if this is it. */
  private applyPrompt(value: Record<string, unknown>, message: Record<string, unknown>): void {
    if (!this.wantTitle || this.title !== undefined || value.isMeta === true || value.isSidechain === true) return;
    const title = firstPromptTitle(message.content);
    if (title === undefined) return;
    this.title = title;
    this.version++;
  }
}

/** Claude's usage object in our categories (its nested cache_creation says how much was written for 1 hour). */
function usageOf(usage: Record<string, unknown>): TokenTotals {
  const cacheCreation = count(usage.cache_creation_input_tokens);
  return {
    input: count(usage.input_tokens),
    output: count(usage.output_tokens),
    cacheCreation,
    // a part never exceeds the whole (a damaged line would price a negative 5-minute share)
    cacheCreation1h: Math.min(cacheCreation, count(recordOf(usage.cache_creation)?.ephemeral_1h_input_tokens)),
    cacheRead: count(usage.cache_read_input_tokens),
  };
}
