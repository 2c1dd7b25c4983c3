import { scanObject, stringAt, valueAt } from './jsonScan';
import type { Compaction } from './claudeCodeTranscript';
import { promptTitle } from './promptTitle';
import type { TokenTotals } from './tokenTotals';
import { count, emptyTotals, isRecord } from './tokenTotals';

/** Codex's own usage numbers (OpenAI semantics: input includes cached input; output includes reasoning). */
export interface CodexUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoningOutput: number;
  total: number;
}

const TOP = new Set(['type', 'payload', 'timestamp']);
const PAYLOAD = new Set(['type', 'info', 'id', 'cwd', 'model', 'message', 'cli_version']);
const INFO = new Set(['total_token_usage', 'last_token_usage', 'model_context_window']);

function codexUsage(value: unknown): CodexUsage | undefined {
  if (!isRecord(value)) return undefined;
  const input = count(value.input_tokens);
  const output = count(value.output_tokens);
  return {
    input, output,
    cachedInput: count(value.cached_input_tokens),
    reasoningOutput: count(value.reasoning_output_tokens),
    total: count(value.total_tokens) || input + output,
  };
}

const sameUsage = (a: CodexUsage, b: CodexUsage) =>
  a.input === b.input && a.cachedInput === b.cachedInput && a.output === b.output && a.reasoningOutput === b.reasoningOutput && a.total === b.total;

/**
 * The running fold of one Codex rollout file. Totals follow ccusage: each `token_count` event adds its
 * `last_token_usage`, except repeats whose `total_token_usage` equals the previous event's (Codex emits
 * most of them twice). Context now = the last `last_token_usage.total_tokens` against `model_context_window`.
 */
export class CodexTranscript {
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
  lastTimestamp: string | undefined;
  readonly compactions: Compaction[] = [];
  lines = 0;
  unreadable = 0;
  version = 0;
  private previousTotal: CodexUsage | undefined;

  apply(line: string): void {
    this.lines++;
    const interesting =
      line.includes('"token_count"') || line.includes('"turn_context"') || line.includes('"compacted"') ||
      (this.sessionId === undefined && line.includes('"session_meta"')) || (this.title === undefined && line.includes('"user_message"'));
    if (!interesting) return;
    const top = scanObject(line, TOP);
    const payloadSpan = top?.get('payload');
    const payload = top && payloadSpan && scanObject(line, PAYLOAD, payloadSpan[0], payloadSpan[1]);
    if (!top || !payload) {
      this.unreadable++;
      return;
    }
    const type = stringAt(line, top.get('type'));
    const timestamp = stringAt(line, top.get('timestamp'));
    if (type === 'session_meta') {
      this.sessionId ??= stringAt(line, payload.get('id'));
      this.cwd ??= stringAt(line, payload.get('cwd'));
      this.cliVersion ??= stringAt(line, payload.get('cli_version'));
    } else if (type === 'turn_context') {
      this.model = stringAt(line, payload.get('model')) ?? this.model;
      this.cwd ??= stringAt(line, payload.get('cwd'));
    } else if (type === 'compacted') {
      this.compactions.push({ timestamp, trigger: 'auto', preTokens: this.last?.total });
    } else if (type === 'event_msg') {
      const kind = stringAt(line, payload.get('type'));
      if (kind === 'token_count') this.applyTokenCount(line, payload.get('info'));
      else if (kind === 'user_message' && this.title === undefined) this.title = promptTitle(stringAt(line, payload.get('message')) ?? '');
      else return;
    } else return;
    if (timestamp) this.lastTimestamp = timestamp;
    this.version++;
  }

  private applyTokenCount(line: string, infoSpan: readonly [number, number] | undefined): void {
    if (!infoSpan || line.slice(infoSpan[0], infoSpan[1]) === 'null') return;
    const info = scanObject(line, INFO, infoSpan[0], infoSpan[1]);
    if (!info) {
      this.unreadable++;
      return;
    }
    const total = codexUsage(valueAt(line, info.get('total_token_usage')));
    const last = codexUsage(valueAt(line, info.get('last_token_usage')));
    const window = count(valueAt(line, info.get('model_context_window')));
    if (window) this.contextWindow = window;
    if (total && this.previousTotal && sameUsage(total, this.previousTotal)) return;
    const delta = last ?? (total && this.previousTotal ? subtract(total, this.previousTotal) : total);
    if (total) this.previousTotal = total;
    if (!delta) return;
    if (last) this.last = last;
    this.totals.input += Math.max(0, delta.input - delta.cachedInput);
    this.totals.cacheRead += delta.cachedInput;
    this.totals.output += delta.output;
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
