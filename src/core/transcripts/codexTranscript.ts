import type { CodexFoldSnapshot } from './foldSnapshot';
import { parseCodexSnapshot } from './foldSnapshot';
import type { Compaction } from './claudeCodeTranscript';
import { parseObject, recordOf, stringOf } from './jsonLine';
import { promptTitle } from './promptTitle';
import type { TokenTotals } from './tokenTotals';
import { count, emptyTotals } from './tokenTotals';
import type { TranscriptFold, TranscriptLine } from './transcriptLine';

/** Codex's own usage numbers (OpenAI semantics: input includes cached input; output includes reasoning). */
export interface CodexUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoningOutput: number;
  total: number;
}

/** One reply's usage as it is priced: each request at its own size and time (long-context tiers are per request). */
export interface CodexTurn {
  model: string;
  at?: string;
  /** Input without the cached part, as in `totals`. */
  input: number;
  cacheRead: number;
  output: number;
}

const ALWAYS = ['"token_count"', '"turn_context"', '"compacted"'];
/** The needles by what is still missing: bit 1 = the session meta, bit 2 = a title. */
const NEEDLES: readonly (readonly string[])[] = [
  ALWAYS,
  [...ALWAYS, '"session_meta"'],
  [...ALWAYS, '"user_message"'],
  [...ALWAYS, '"session_meta"', '"user_message"'],
];

function codexUsage(value: unknown): CodexUsage | undefined {
  const usage = recordOf(value);
  if (!usage) return undefined;
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  return {
    input,
    output,
    cachedInput: count(usage.cached_input_tokens),
    reasoningOutput: count(usage.reasoning_output_tokens),
    total: count(usage.total_tokens) || input + output,
  };
}

const sameUsage = (a: CodexUsage, b: CodexUsage) =>
  a.input === b.input &&
  a.cachedInput === b.cachedInput &&
  a.output === b.output &&
  a.reasoningOutput === b.reasoningOutput &&
  a.total === b.total;

/**
 * The running fold of one Codex rollout file. Totals follow ccusage: each `token_count` event adds its
 * `last_token_usage`, except repeats whose `total_token_usage` equals the previous event's (Codex emits
 * most of them twice). Context now = the last `last_token_usage.total_tokens` against `model_context_window`.
 * Only lines holding a needle are handed over; they are JSON.parsed and read by their fields.
 */
export class CodexTranscript implements TranscriptFold {
  /** In ccusage's categories: input excludes cached input, which is reported as cache read. */
  readonly totals: TokenTotals = emptyTotals();
  reasoningOutput = 0;
  last: CodexUsage | undefined;
  contextWindow: number | undefined;
  model: string | undefined;
  title: string | undefined;
  cwd: string | undefined;
  sessionId: string | undefined;
  cliVersion: string | undefined;
  readonly compactions: Compaction[] = [];
  /** Every counted reply, in order: what the cost is summed from. */
  readonly turns: CodexTurn[] = [];
  /** Lines handed over (lines without a needle never are). */
  linesRead = 0;
  unreadable = 0;
  version = 0;
  private previousTotal: CodexUsage | undefined;

  /** Everything the summaries read, as plain data (copied: the fold goes on changing). */
  snapshot(): CodexFoldSnapshot {
    return {
      totals: { ...this.totals },
      reasoningOutput: this.reasoningOutput,
      last: this.last,
      previousTotal: this.previousTotal,
      contextWindow: this.contextWindow,
      model: this.model,
      title: this.title,
      cwd: this.cwd,
      sessionId: this.sessionId,
      cliVersion: this.cliVersion,
      compactions: this.compactions.map((c) => ({ ...c })),
      turns: this.turns.map((t) => ({ ...t })),
      linesRead: this.linesRead,
      unreadable: this.unreadable,
      version: this.version,
    };
  }

  /** The fold a snapshot describes, ready for the rest of its file; undefined if anything in it is malformed. */
  static restore(data: unknown, onMalformed?: (what: string) => void): CodexTranscript | undefined {
    const s = parseCodexSnapshot(data, onMalformed);
    if (!s) return undefined;
    const fold = new CodexTranscript();
    Object.assign(fold.totals, s.totals);
    fold.compactions.push(...s.compactions);
    fold.turns.push(...s.turns);
    fold.reasoningOutput = s.reasoningOutput;
    fold.last = s.last;
    fold.previousTotal = s.previousTotal;
    fold.contextWindow = s.contextWindow;
    fold.model = s.model;
    fold.title = s.title;
    fold.cwd = s.cwd;
    fold.sessionId = s.sessionId;
    fold.cliVersion = s.cliVersion;
    fold.linesRead = s.linesRead;
    fold.unreadable = s.unreadable;
    fold.version = s.version;
    return fold;
  }

  needles(): readonly string[] {
    return NEEDLES[(this.sessionId === undefined ? 1 : 0) | (this.title === undefined ? 2 : 0)];
  }

  applyLine(line: TranscriptLine, _matched = 0): void {
    this.linesRead++;
    const value = parseObject(line);
    const payload = recordOf(value?.payload);
    if (!value || !payload) {
      this.unreadable++;
      return;
    }
    if (value.type === 'session_meta') {
      this.sessionId ??= stringOf(payload.id);
      this.cwd ??= stringOf(payload.cwd);
      this.cliVersion ??= stringOf(payload.cli_version);
    } else if (value.type === 'turn_context') {
      // every turn names the model: keep the one string while it stays the same
      const model = stringOf(payload.model);
      if (model !== undefined && model !== this.model) this.model = model;
      this.cwd ??= stringOf(payload.cwd);
    } else if (value.type === 'compacted') {
      this.compactions.push({ timestamp: stringOf(value.timestamp), trigger: 'auto', preTokens: this.last?.total });
    } else if (value.type === 'event_msg') {
      if (payload.type === 'token_count') this.applyTokenCount(recordOf(payload.info), stringOf(value.timestamp));
      else if (payload.type === 'user_message' && this.title === undefined)
        this.title = promptTitle(stringOf(payload.message) ?? '');
      else return;
    } else return;
    this.version++;
  }

  private applyTokenCount(info: Record<string, unknown> | undefined, at: string | undefined): void {
    if (!info) return; // "info": null, before the first reply
    const total = codexUsage(info.total_token_usage);
    const last = codexUsage(info.last_token_usage);
    const window = count(info.model_context_window);
    if (window) this.contextWindow = window;
    if (total && this.previousTotal && sameUsage(total, this.previousTotal)) return;
    const delta = last ?? (total && this.previousTotal ? subtract(total, this.previousTotal) : total);
    if (total) this.previousTotal = total;
    if (!delta) return;
    if (last) this.last = last;
    const turn: CodexTurn = {
      model: this.model ?? 'unknown',
      at,
      input: Math.max(0, delta.input - delta.cachedInput),
      cacheRead: delta.cachedInput,
      output: delta.output,
    };
    this.turns.push(turn);
    this.totals.input += turn.input;
    this.totals.cacheRead += turn.cacheRead;
    this.totals.output += turn.output;
    this.reasoningOutput += delta.reasoningOutput;
  }
}

function subtract(a: CodexUsage, b: CodexUsage): CodexUsage {
  return {
    input: Math.max(0, a.input - b.input),
    cachedInput: Math.max(0, a.cachedInput - b.cachedInput),
    output: Math.max(0, a.output - b.output),
    reasoningOutput: Math.max(0, a.reasoningOutput - b.reasoningOutput),
    total: Math.max(0, a.total - b.total),
  };
}
