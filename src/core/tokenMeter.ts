import type { GaugeLevel } from '../shared/protocol';
import { SESSION_TYPE_LABELS } from '../shared/sessionTypes';
import { windowUnknownWords } from './factWords';
import { formatCount, gaugeLevel, gaugeLine, percentOf } from './gaugeFormat';
import { describeSource } from './modelFacts';
import type { FactSource, PriceFact, WindowFact } from './modelFacts';
import { costLine } from './ownCost';
import { toolShareLine } from './toolShare';
import type { SessionState } from './session';

/** What the gauge shows for one session, and where each number comes from. */
export interface Gauge {
  label: string;
  used: number;
  window?: number;
  /** Where the window came from (settings, a reply, the endpoint, the dataset); undefined when unknown. */
  windowSource?: FactSource;
  percent?: number;
  measured: boolean;
  level: GaugeLevel;
  breakdown: {
    systemTokens: number;
    /** The rules files' share of systemTokens, when the session has any. */
    rulesTokens?: number;
    conversationTokens: number;
    lastCompletionTokens: number;
    reservedForOutput?: number;
    free?: number;
  };
}

export interface GaugeSettings {
  contextWindows: Readonly<Record<string, number>>;
  warningPercent: number;
  errorPercent: number;
}

/**
 * Measured: the provider's usage of the latest reply that reported one (prompt + completion: what the
 * next request carries). Estimated: the local count made when the latest message was sent, used until
 * that turn's own usage arrives (or when the endpoint never reports usage).
 */
export function computeGauge(
  state: SessionState,
  windowFact: WindowFact | undefined,
  settings: Pick<GaugeSettings, 'warningPercent' | 'errorPercent'>,
): Gauge {
  const latest = state.turns[state.turns.length - 1];
  let used = 0;
  let measured = false;
  let systemTokens = 0;
  let conversationTokens = 0;
  let lastCompletionTokens = 0;
  const estimate = [...state.turns].reverse().find((t) => t.estimate)?.estimate;
  if (estimate) systemTokens = estimate.systemTokens;
  const usage = latest?.usage ?? (latest?.estimate ? undefined : state.lastUsage);
  // compacted since the latest request: its usage tells of the old context; the count made at apply is the truth
  const compacted = state.compactions.applied.at(-1);
  if (compacted?.tokensAfter !== undefined && latest && compacted.afterTurn === latest.id) {
    used = compacted.tokensAfter;
  } else if (usage) {
    measured = true;
    used = usage.promptTokens + usage.completionTokens;
    lastCompletionTokens = usage.completionTokens;
    systemTokens = Math.min(systemTokens, usage.promptTokens);
    conversationTokens = usage.promptTokens - systemTokens;
  } else if (latest?.estimate) {
    used = latest.estimate.systemTokens + latest.estimate.conversationTokens;
    conversationTokens = latest.estimate.conversationTokens;
  }
  const window = windowFact?.tokens;
  const reservedForOutput =
    window === undefined ? undefined : Math.min(windowFact?.maxOutput ?? 0, Math.max(0, window - used));
  const percent = percentOf(used, window);
  return {
    label: SESSION_TYPE_LABELS[state.sessionType],
    used,
    window,
    windowSource: windowFact?.source,
    percent,
    measured,
    level: gaugeLevel(percent, settings),
    breakdown: {
      systemTokens,
      ...(estimate?.rulesTokens ? { rulesTokens: Math.min(estimate.rulesTokens, systemTokens) } : {}),
      conversationTokens,
      lastCompletionTokens,
      reservedForOutput,
      free: window === undefined ? undefined : Math.max(0, window - used - (reservedForOutput ?? 0)),
    },
  };
}

/** e.g. "Scout 12.4k/128k 10%", "Scout ~1.2k/128k 1%" (estimated), "Scout 12.4k/?" (window unknown). */
export function gaugeText(gauge: Gauge): string {
  return gaugeLine(gauge.label, gauge);
}

const num = formatCount;

/** Plain-text tooltip lines: the breakdown, the model, the endpoint host, where each number comes from, the cost. */
export function gaugeTooltipLines(gauge: Gauge, state: SessionState, price?: PriceFact): string[] {
  const b = gauge.breakdown;
  const share = toolShareLine(state);
  return [
    `${gauge.label} · ${state.title}`,
    `Model: ${state.model} · Endpoint: ${state.endpointHost || 'not set'}`,
    gauge.measured
      ? 'Measured: usage reported by the provider for the last reply'
      : 'Estimated locally (no provider usage yet)',
    `System + rules: ${num(b.systemTokens)}`,
    ...(b.rulesTokens ? [`  of which rules files: ${num(b.rulesTokens)}`] : []),
    `Conversation: ${num(b.conversationTokens)}`,
    `Last completion: ${num(b.lastCompletionTokens)}`,
    `Reserved for output: ${b.reservedForOutput === undefined ? 'unknown' : num(b.reservedForOutput)}`,
    gauge.window === undefined ? windowUnknownWords(state.model) : `Free: ${num(b.free ?? 0)} of ${num(gauge.window)}`,
    ...(gauge.window !== undefined && gauge.windowSource
      ? [`Window ${describeSource(gauge.windowSource, 'agentSessions.contextWindows')}`]
      : []),
    ...(share ? [share] : []),
    costLine(state, price),
  ];
}
