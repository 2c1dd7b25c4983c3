import { redactSecrets } from './transcripts/redact';
import type { HaltView, SessionView, TurnView } from '../shared/protocol';
import type { BudgetContext } from './budgetView';
import { haltView, toBudgetView } from './budgetView';
import { SESSION_TYPE_LABELS } from '../shared/sessionTypes';
import type { ResolvedFacts } from './modelFactResolver';
import type { SessionState, Turn } from './session';
import type { GaugeSettings } from './tokenMeter';
import { computeGauge, gaugeText, gaugeTooltipLines } from './tokenMeter';
import { turnItemsView } from './turnItemsView';

/** Over this, the rules files are a manifesto more than a runbook: the session tab says so. */
export const RULES_NOTE_TOKENS = 2000;

function turnView(turn: Turn, halt: HaltView | undefined): TurnView {
  return {
    ...(halt ? { halt } : {}),
    id: turn.id,
    userText: turn.userText,
    assistantText: turn.assistantText,
    items: turnItemsView(turn.items),
    status: turn.status,
    error: turn.error,
    notice: turn.notice,
    usage: turn.usage && {
      promptTokens: turn.usage.promptTokens,
      completionTokens: turn.usage.completionTokens,
      totalTokens: turn.usage.totalTokens,
    },
  };
}

/** The full snapshot the session tab renders. */
export function toSessionView(
  state: SessionState,
  facts: ResolvedFacts,
  settings: GaugeSettings,
  busy: boolean,
  blockedReason?: string,
  readOnlyReason?: string,
  context: BudgetContext = { now: Date.now() },
): SessionView {
  const gauge = computeGauge(state, facts.window, settings);
  const budget = toBudgetView(state, { ...context, price: facts.price });
  const last = state.turns.length - 1;
  const tooltip = gaugeTooltipLines(gauge, state, facts.price);
  return {
    id: state.id,
    title: redactSecrets(state.title),
    sessionType: state.sessionType,
    typeLabel: SESSION_TYPE_LABELS[state.sessionType],
    model: state.model,
    endpointHost: state.endpointHost,
    gauge: {
      text: gaugeText(gauge),
      tooltip: tooltip.join('\n'),
      level: gauge.level,
      measured: gauge.measured,
    },
    turns: state.turns.map((t, i) => turnView(t, haltView(t, i === last, context, state.model))),
    budget,
    planMode: state.planMode,
    toolsLine: toolsLine(state),
    rulesNote: rulesNote(state),
    busy,
    blockedReason,
    readOnlyReason,
  };
}

/** A short title from the task: its first line, secrets redacted before it is cut to 60 characters. */
export function titleFromTask(task: string): string {
  const line = redactSecrets(task.trim().split(/\r?\n/, 1)[0].trim());
  return line.length > 60 ? `${line.slice(0, 59)}…` : line || 'Untitled session';
}

/** Which tools the session has, in a few words (the runner's policy, toolPolicy.ts, decides; this only says). */
export function toolsLine(state: SessionState): string {
  if (state.toolsDisabled) return 'No tools: the endpoint does not support them; the session runs as chat.';
  if (!state.root) return 'No tools: the session has no workspace folder; it runs as chat.';
  if (state.planMode) return 'Plan mode: read-only tools, and the reply is a five-part plan.';
  if (state.sessionType === 'builder') return 'Tools: read, edit, validate; commands and protected files ask first.';
  return 'Tools: read-only.';
}

/** The rules files' size, when it is past RULES_NOTE_TOKENS (counted when a message was sent, else ~4 chars a token). */
export function rulesNote(state: SessionState): string | undefined {
  if (!state.rules.length) return undefined;
  const counted = [...state.turns].reverse().find((t) => t.estimate?.rulesTokens)?.estimate?.rulesTokens;
  const tokens = counted ?? Math.ceil(state.rules.reduce((n, r) => n + r.text.length, 0) / 4);
  if (tokens <= RULES_NOTE_TOKENS) return undefined;
  const names = state.rules.map((r) => r.path).join(', ');
  return (
    `${names}: ${counted ? '' : 'about '}${tokens.toLocaleString('en-US')} tokens, sent with every request. ` +
    'Keep it a runbook, not a manifesto.'
  );
}
