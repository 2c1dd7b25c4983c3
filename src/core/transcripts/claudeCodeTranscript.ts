import type { ClaudeFoldSnapshot } from './foldSnapshot';
import { parseClaudeSnapshot } from './foldSnapshot';
import type { Scan } from './jsonScan';
import { KeySpec, isString, isTrue, numberAt, scan, spanIsString, stringAt, stringIn } from './jsonScan';
import { firstPromptTitle, promptTitle } from './promptTitle';
import type { TokenTotals } from './tokenTotals';
import { isRecord } from './tokenTotals';
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

const USAGE_SPEC = new KeySpec(
  ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'],
  {
    cache_creation: new KeySpec(['ephemeral_1h_input_tokens']),
  },
);
const TOP = new KeySpec(['type', 'isSidechain', 'requestId', 'cwd', 'sessionId', 'isMeta', 'timestamp'], {
  message: new KeySpec(['id', 'model', 'content'], { usage: USAGE_SPEC }),
});
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
/** Bits of `applyLine`'s `matched`: the first two needles are always USAGE and COMPACT. */
const HAS_USAGE = 1;
const HAS_COMPACT = 2;

/** Whether the line holds `needle`, by the bits the reader set against the needles it asked for. */
const holds = (needles: readonly string[], matched: number, needle: string) => {
  const k = needles.indexOf(needle);
  return k >= 0 && (matched & (1 << k)) !== 0;
};

/**
 * The running fold of one Claude Code transcript file (main session or subagent), fed complete lines
 * in order. Only lines holding a needle are handed over. Usage lines go through the key scanner in one
 * walk that stops at "type" unless the line is an assistant reply (a user line's tool result may hold
 * "usage", and its "type" comes first); the first typed prompt through the scanner too; compaction
 * markers (rare) through JSON.parse. Other lines are skipped.
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
  /** The last reply's model id (decoded from the line's bytes: never a slice of it). */
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

  applyLine(line: TranscriptLine, matched: number): void {
    this.linesRead++;
    const needles = this.needles();
    // a needle can also be part of a value (a prompt about "usage", a folder named so): a line that
    // turns out not to be what its first needle suggested is looked at for the others
    if (matched & HAS_USAGE && this.applyUsageLine(line) !== 'other') return;
    if (matched & HAS_COMPACT) return this.applyParsed(line);
    if (
      this.wantTitle &&
      this.title === undefined &&
      holds(needles, matched, USER) &&
      this.applyUserLine(line) === 'unreadable'
    )
      return;
    if (this.cwd === undefined && holds(needles, matched, CWD)) {
      // the walks above stop at "type", which may come before "cwd"
      const top = scan(line.text, TOP, undefined, line.start, line.end);
      if (top) this.noteMeta(line, top);
      else this.unreadable++;
    }
  }

  /**
   * The line walked for TOP, stopping at "type" unless it is `type` (what comes after is not needed);
   * cwd and sessionId noted. Undefined, and counted, if the line is not well-formed.
   */
  private walk(line: TranscriptLine, type: string): Scan | undefined {
    const text = line.text;
    const found = scan(
      text,
      TOP,
      (key, start, end) => key === 'type' && !spanIsString(text, start, end, type),
      line.start,
      line.end,
    );
    if (!found) this.unreadable++;
    else this.noteMeta(line, found);
    return found;
  }

  /** An assistant reply's usage: 'reply' when counted (or skipped as synthetic), 'other' when the line is no reply. */
  private applyUsageLine(line: TranscriptLine): 'reply' | 'other' | 'unreadable' {
    const text = line.text;
    const found = this.walk(line, 'assistant');
    if (!found) return 'unreadable';
    const message = found.child('message');
    const usageScan = message?.child('usage');
    if (found.stopped || !isString(text, found, 'type', 'assistant') || !message || !usageScan) return 'other';
    if (isString(text, message, 'model', SYNTHETIC)) return 'reply';
    const model = this.modelAt(line, message);
    const sidechain = isTrue(text, found, 'isSidechain');
    const usage = usageOf(text, usageScan);
    const id = stringAt(line, message, 'id');
    const key = id === undefined ? `at:${line.offset}` : `${id}:${stringAt(line, found, 'requestId') ?? ''}`;
    const previous = this.messages.get(key);
    if (!previous) this.newKeys.push(key);
    if (!previous || usage.output >= previous.usage.output)
      this.messages.set(key, { model, usage, sidechain, at: stringAt(line, found, 'timestamp') });
    if (!sidechain)
      this.contextNow = {
        input: usage.input,
        cacheCreation: usage.cacheCreation,
        cacheRead: usage.cacheRead,
        output: usage.output,
        model,
      };
    this.version++;
    return 'reply';
  }

  /** The model id of a reply, decoded once per distinct id (every reply of a session names the same few). */
  private modelAt(line: TranscriptLine, message: Scan): string {
    if (!message.has('model')) return 'unknown';
    if (!isString(line.text, message, 'model', this.model)) this.model = stringAt(line, message, 'model') ?? 'unknown';
    return this.model;
  }

  /** A user line while the session has no title: the first prompt the user typed, if this is it. */
  private applyUserLine(line: TranscriptLine): 'unreadable' | undefined {
    const text = line.text;
    const found = this.walk(line, 'user');
    if (!found) return 'unreadable';
    if (
      found.stopped ||
      !isString(text, found, 'type', 'user') ||
      isTrue(text, found, 'isMeta') ||
      isTrue(text, found, 'isSidechain')
    )
      return;
    const message = found.child('message');
    const start = message?.start('content') ?? -1;
    if (!message || start < 0) return;
    const end = message.end('content');
    let title: string | undefined;
    if (text.charCodeAt(start) === 34) title = promptTitle(stringIn(line, start, end) ?? '');
    else {
      // an array of blocks: only one holding a text block can give a title (tool results alone cannot)
      const textBlock = text.indexOf('"text"', start);
      if (textBlock < 0 || textBlock >= end) return;
      try {
        title = firstPromptTitle(JSON.parse(line.utf8(start, end)));
      } catch {
        this.unreadable++;
        return 'unreadable';
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
      value = JSON.parse(line.utf8(line.start, line.end));
    } catch {
      this.unreadable++;
      return;
    }
    if (!isRecord(value)) return;
    if (this.cwd === undefined && typeof value.cwd === 'string' && value.cwd) this.cwd = value.cwd;
    if (this.sessionId === undefined && typeof value.sessionId === 'string' && value.sessionId)
      this.sessionId = value.sessionId;
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
    if (
      this.wantTitle &&
      this.title === undefined &&
      value.type === 'user' &&
      value.isMeta !== true &&
      value.isSidechain !== true &&
      isRecord(value.message)
    ) {
      const title = firstPromptTitle(value.message.content);
      if (title !== undefined) {
        this.title = title;
        this.version++;
      }
    }
  }

  private noteMeta(line: TranscriptLine, found: Scan): void {
    if (this.cwd === undefined) this.cwd = stringAt(line, found, 'cwd') || undefined;
    if (this.sessionId === undefined) this.sessionId = stringAt(line, found, 'sessionId') || undefined;
  }
}

/** Claude's usage object in our categories (its nested cache_creation says how much was written for 1 hour). */
function usageOf(text: string, usage: Scan): TokenTotals {
  return {
    input: numberAt(text, usage, 'input_tokens'),
    output: numberAt(text, usage, 'output_tokens'),
    cacheCreation: numberAt(text, usage, 'cache_creation_input_tokens'),
    cacheCreation1h: numberAt(text, usage.child('cache_creation'), 'ephemeral_1h_input_tokens'),
    cacheRead: numberAt(text, usage, 'cache_read_input_tokens'),
  };
}
