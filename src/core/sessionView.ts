import { redactSecrets } from './transcripts/redact';
import type { SessionView, TurnView } from '../shared/protocol';
import { SESSION_TYPE_LABELS } from '../shared/sessionTypes';
import type { ResolvedFacts } from './modelFactResolver';
import type { SessionState, Turn } from './session';
import type { GaugeSettings } from './tokenMeter';
import { computeGauge, gaugeText, gaugeTooltipLines } from './tokenMeter';

function turnView(turn: Turn): TurnView {
  return {
    id: turn.id,
    userText: turn.userText,
    assistantText: turn.assistantText,
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
): SessionView {
  const gauge = computeGauge(state, facts.window, settings);
  return {
    id: state.id,
    title: redactSecrets(state.title),
    sessionType: state.sessionType,
    typeLabel: SESSION_TYPE_LABELS[state.sessionType],
    model: state.model,
    endpointHost: state.endpointHost,
    gauge: {
      text: gaugeText(gauge),
      tooltip: gaugeTooltipLines(gauge, state, facts.price).join('\n'),
      level: gauge.level,
      measured: gauge.measured,
    },
    turns: state.turns.map(turnView),
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
