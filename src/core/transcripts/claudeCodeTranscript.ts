import { scanObject, stringAt, valueAt } from './jsonScan';
import { firstPromptTitle } from './promptTitle';
import type { TokenTotals } from './tokenTotals';
import { count, isRecord } from './tokenTotals';

/** One deduplicated API message: the line with the largest output of those sharing message.id + requestId. */
export interface UsageEntry {
  model: string;
  usage: TokenTotals;
  sidechain: boolean;
  timestamp?: string;
}

/** What Claude Code's context held at its last main-chain reply: input + cache creation + cache read. */
export interface ClaudeContextNow {
  input: number;
  cacheCreation: number;
  cacheRead: number;
  output: number;
  model: string;
  timestamp?: string;
}

export interface Compaction {
  timestamp?: string;
  trigger?: string;
  /** Context size just before the compaction, when the transcript says. */
  preTokens?: number;
}

const TOP = new Set(['type', 'isSidechain', 'message', 'requestId', 'timestamp', 'cwd', 'sessionId', 'isMeta']);
const MESSAGE = new Set(['id', 'model', 'usage']);
const SYNTHETIC = '<synthetic>';

/**
 * The running fold of one Claude Code transcript file (main session or subagent), fed complete lines
 * in order. Only lines that can matter are looked into: usage lines through the key scanner, the first
 * user prompt and compaction markers through JSON.parse; everything else is counted and skipped.
 */
export class ClaudeCodeTranscript {
  /** Deduplicated API messages by `message.id:requestId`. */
  readonly messages = new Map<string, UsageEntry>();
  /** Keys first seen since the owner last drained this list (for the cross-file ledger). */
  readonly newKeys: string[] = [];
  contextNow: ClaudeContextNow | undefined;
  title: string | undefined;
  cwd: string | undefined;
  sessionId: string | undefined;
  readonly compactions: Compaction[] = [];
  lines = 0;
  unreadable = 0;
  /** Bumped by every line that changed what the views show. */
  version = 0;

  apply(line: string): void {
    this.lines++;
    if (line.includes('"usage"')) this.applyUsageLine(line);
    else if (line.includes('compact_boundary')) this.applyParsed(line);
    else if ((this.title === undefined && line.includes('"user"')) || (this.cwd === undefined && line.includes('"cwd"'))) this.applyParsed(line);
  }

  private applyUsageLine(line: string): void {
    const top = scanObject(line, TOP);
    if (!top) {
      this.unreadable++;
      return;
    }
    this.noteMeta(stringAt(line, top.get('cwd')), stringAt(line, top.get('sessionId')));
    if (stringAt(line, top.get('type')) !== 'assistant') return;
    const messageSpan = top.get('message');
    if (!messageSpan) return;
    const message = scanObject(line, MESSAGE, messageSpan[0], messageSpan[1]);
    if (!message) {
      this.unreadable++;
      return;
    }
    const model = stringAt(line, message.get('model')) ?? 'unknown';
    const raw = valueAt(line, message.get('usage'));
    if (model === SYNTHETIC || !isRecord(raw)) return;
    const timestamp = stringAt(line, top.get('timestamp'));
    const sidechain = line.slice(...(top.get('isSidechain') ?? [0, 0])) === 'true';
    const cacheCreation = isRecord(raw.cache_creation) ? raw.cache_creation : {};
    const usage: TokenTotals = {
      input: count(raw.input_tokens),
      output: count(raw.output_tokens),
      cacheCreation: count(raw.cache_creation_input_tokens),
      cacheCreation1h: count(cacheCreation.ephemeral_1h_input_tokens),
      cacheRead: count(raw.cache_read_input_tokens),
    };
    const id = stringAt(line, message.get('id'));
    const key = id === undefined ? `line:${this.lines}` : `${id}:${stringAt(line, top.get('requestId')) ?? ''}`;
    const previous = this.messages.get(key);
    if (!previous) this.newKeys.push(key);
    if (!previous || usage.output >= previous.usage.output) this.messages.set(key, { model, usage, sidechain, timestamp });
    if (!sidechain) {
      this.contextNow = { input: usage.input, cacheCreation: usage.cacheCreation, cacheRead: usage.cacheRead, output: usage.output, model, timestamp };
    }
    this.version++;
  }

  private applyParsed(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.unreadable++;
      return;
    }
    if (!isRecord(value)) return;
    this.noteMeta(typeof value.cwd === 'string' ? value.cwd : undefined, typeof value.sessionId === 'string' ? value.sessionId : undefined);
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
    if (this.title === undefined && value.type === 'user' && value.isMeta !== true && value.isSidechain !== true && isRecord(value.message)) {
      const title = firstPromptTitle(value.message.content);
      if (title !== undefined) {
        this.title = title;
        this.version++;
      }
    }
  }

  private noteMeta(cwd: string | undefined, sessionId: string | undefined): void {
    if (this.cwd === undefined && cwd) this.cwd = cwd;
    if (this.sessionId === undefined && sessionId) this.sessionId = sessionId;
  }
}
