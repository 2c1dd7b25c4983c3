import { sessionKey } from '../../shared/sessionKey';
import type { ContextUsage, SessionSummary, TokenBreakdown } from '../../shared/sessionSummary';
import { SOURCE_LABELS } from '../../shared/sessionSummary';
import { windowUnknownWords } from '../factWords';
import { formatCount, gaugeLevel, gaugeLine, percentOf } from '../gaugeFormat';
import { settingsWindow } from '../modelFactResolver';
import type { ModelCatalog, WindowFact } from '../modelFacts';
import { describeSource } from '../modelFacts';
import type { ClaudeCodeTranscript } from './claudeCodeTranscript';
import type { CodexTranscript } from './codexTranscript';
import type { ModelPrice } from './pricing';
import { SessionCost } from './sessionCost';
import type { TokenTotals } from './tokenTotals';
import { addTotals, emptyTotals, totalTokens } from './tokenTotals';
import type { UsageLedger } from './usageLedger';
import { redactSummary } from '../summaryRedaction';

export interface ObservedSettings {
  contextWindows: Readonly<Record<string, number>>;
  prices: Readonly<Record<string, ModelPrice>>;
  warningPercent: number;
  errorPercent: number;
}

export interface TranscriptFile<T> {
  path: string;
  transcript: T;
  mtimeMs: number;
}

const num = formatCount;

function breakdown(t: TokenTotals): TokenBreakdown {
  return {
    input: t.input,
    output: t.output,
    cacheCreation: t.cacheCreation,
    cacheRead: t.cacheRead,
    total: totalTokens(t),
  };
}

function contextUsage(used: number, window: number | undefined, settings: ObservedSettings): ContextUsage {
  const percent = percentOf(used, window);
  return { used, window, percent, measured: true, level: gaugeLevel(percent, settings) };
}

function totalsLines(main: TokenBreakdown, subagents: TokenBreakdown, cost: SessionCost): string[] {
  const lines = [
    `Lifetime: input ${num(main.input)} · output ${num(main.output)} · cache write ${num(main.cacheCreation)} · cache read ${num(main.cacheRead)}`,
  ];
  if (subagents.total > 0) lines.push(`Subagents (not in context now): ${num(subagents.total)} tokens`);
  lines.push(cost.line());
  return lines;
}

/** The window of an observed session: the user's (exact id), the transcript's own, the dataset's, or unknown. */
function windowOf(
  model: string,
  settings: ObservedSettings,
  catalog: ModelCatalog,
  provider: string,
  fromTranscript?: WindowFact,
): WindowFact | undefined {
  return settingsWindow(model, settings.contextWindows) ?? fromTranscript ?? catalog.window(model, { provider });
}

function windowLine(model: string, window: WindowFact | undefined): string {
  return window === undefined
    ? windowUnknownWords(model)
    : `Window: ${num(window.tokens)} (${describeSource(window.source, 'agentSessions.contextWindows')})`;
}

/** A Claude Code session (main file plus subagent files) as the views see it. */
export function claudeSummary(
  main: TranscriptFile<ClaudeCodeTranscript>,
  subagents: ReadonlyArray<TranscriptFile<ClaudeCodeTranscript>>,
  ledger: UsageLedger,
  settings: ObservedSettings,
  catalog: ModelCatalog,
): SessionSummary {
  const t = main.transcript;
  const mainTotals = emptyTotals();
  const subTotals = emptyTotals();
  const cost = new SessionCost(settings.prices, catalog, 'anthropic');
  const fallbackAt = new Date(main.mtimeMs).toISOString();
  for (const file of [main, ...subagents]) {
    for (const entry of ledger.owned(file.path, file.transcript.messages)) {
      addTotals(file === main && !entry.sidechain ? mainTotals : subTotals, entry.usage);
      cost.add(entry.model, entry.usage, entry.at ?? fallbackAt);
    }
  }
  const now = t.contextNow;
  const model = now?.model ?? 'unknown';
  const used = now ? now.input + now.cacheCreation + now.cacheRead : 0;
  const window = windowOf(model, settings, catalog, 'anthropic');
  const context = contextUsage(used, window?.tokens, settings);
  const label = SOURCE_LABELS['claude-code'];
  // The file's name is the id `claude --resume` takes (a resumed session's lines may carry the old one).
  const id = main.path.replace(/^.*[\\/]/, '').replace(/\.jsonl$/, '');
  const last = t.compactions[t.compactions.length - 1];
  const mainB = breakdown(mainTotals);
  const subB = breakdown(subTotals);
  const tooltip = [
    `${label} · ${t.title ?? id}`,
    `Model: ${model}`,
    now
      ? `Context now: input ${num(now.input)} + cache write ${num(now.cacheCreation)} + cache read ${num(now.cacheRead)} = ${num(used)}`
      : 'Context now: no reply yet',
    now ? `Last output: ${num(now.output)}` : '',
    'Formula: input + cache creation + cache read of the last main-chain reply',
    windowLine(model, window),
    last
      ? `Last compaction: ${last.timestamp ?? 'time unknown'}${last.preTokens !== undefined ? `, ${num(last.preTokens)} tokens before` : ''}`
      : '',
    ...totalsLines(mainB, subB, cost),
  ].filter(Boolean);
  return redactSummary({
    key: sessionKey('claude-code', id),
    id,
    source: 'claude-code',
    label,
    title: t.title ?? id,
    model,
    lastActivity: main.mtimeMs,
    cwd: t.cwd,
    context,
    gaugeText: gaugeLine(label, context),
    tooltip,
    totals: { main: mainB, subagents: subB, costUsd: cost.total() },
    compactions: t.compactions.length
      ? { count: t.compactions.length, lastPreTokens: last?.preTokens, lastAt: last?.timestamp }
      : undefined,
    path: main.path,
  });
}

/** A Codex rollout as the views see it. */
export function codexSummary(
  file: TranscriptFile<CodexTranscript>,
  settings: ObservedSettings,
  catalog: ModelCatalog,
): SessionSummary {
  const t = file.transcript;
  const model = t.model ?? 'unknown';
  const used = t.last?.total ?? 0;
  const own: WindowFact | undefined =
    t.contextWindow === undefined
      ? undefined
      : { tokens: t.contextWindow, source: { kind: 'transcript', detail: 'model_context_window' } };
  const window = windowOf(model, settings, catalog, 'openai', own);
  const context = contextUsage(used, window?.tokens, settings);
  const label = SOURCE_LABELS.codex;
  const id = t.sessionId ?? file.path.replace(/^.*[\\/]/, '').replace(/\.jsonl$/, '');
  // each reply priced at its own size and time (a long-context tier applies per request, never to the sum)
  const cost = new SessionCost(settings.prices, catalog, 'openai');
  const fallbackAt = new Date(file.mtimeMs).toISOString();
  for (const turn of t.turns) {
    const usage = {
      input: turn.input,
      output: turn.output,
      cacheRead: turn.cacheRead,
      cacheCreation: 0,
      cacheCreation1h: 0,
    };
    cost.add(turn.model, usage, turn.at ?? fallbackAt);
  }
  const last = t.compactions[t.compactions.length - 1];
  const mainB = breakdown(t.totals);
  const tooltip = [
    `${label} · ${t.title ?? id}`,
    `Model: ${model}`,
    t.last
      ? `Context now: input ${num(t.last.input)} (cached ${num(t.last.cachedInput)}) + output ${num(t.last.output)} = ${num(used)}`
      : 'Context now: no reply yet',
    'Formula: last_token_usage.total_tokens against model_context_window',
    windowLine(model, window),
    last
      ? `Last compaction: ${last.timestamp ?? 'time unknown'}${last.preTokens !== undefined ? `, ${num(last.preTokens)} tokens before` : ''}`
      : '',
    ...totalsLines(mainB, breakdown(emptyTotals()), cost),
  ].filter(Boolean);
  return redactSummary({
    key: sessionKey('codex', id),
    id,
    source: 'codex',
    label,
    title: t.title ?? id,
    model,
    lastActivity: file.mtimeMs,
    cwd: t.cwd,
    context,
    gaugeText: gaugeLine(label, context),
    tooltip,
    totals: { main: mainB, subagents: breakdown(emptyTotals()), costUsd: cost.total() },
    compactions: t.compactions.length
      ? { count: t.compactions.length, lastPreTokens: last?.preTokens, lastAt: last?.timestamp }
      : undefined,
    path: file.path,
  });
}
