import { sessionKey } from '../shared/sessionKey';
import type { SessionSummary } from '../shared/sessionSummary';
import type { ResolvedFacts } from './modelFactResolver';
import type { SessionState } from './session';
import { redactSummary } from './summaryRedaction';
import type { GaugeSettings } from './tokenMeter';
import { computeGauge, gaugeText, gaugeTooltipLines } from './tokenMeter';

/** One of our own sessions as the list views see it (the same shape as another agent's session). */
export function ownSummary(state: SessionState, facts: ResolvedFacts, settings: GaugeSettings): SessionSummary {
  const gauge = computeGauge(state, facts.window, settings);
  const at = Date.parse(state.updatedAt);
  return redactSummary({
    key: sessionKey('own', state.id),
    id: state.id,
    source: 'own',
    label: gauge.label,
    title: state.title,
    model: state.model,
    lastActivity: Number.isFinite(at) ? at : 0,
    context: {
      used: gauge.used,
      window: gauge.window,
      percent: gauge.percent,
      measured: gauge.measured,
      level: gauge.level,
    },
    gaugeText: gaugeText(gauge),
    tooltip: gaugeTooltipLines(gauge, state, facts.price),
  });
}
