import type { SessionSummary } from '../shared/sessionSummary';

/** The session the user last chose for the meter (opened, picked), and when. */
export interface MeterChoice {
  key: string;
  at: number;
}

/**
 * Which session the status-bar meter shows. The user's choice, unless another agent's transcript has
 * been written since (then the meter follows that agent while it works); with no choice, the most
 * recently active session of another agent.
 */
export function meterTarget(
  choice: MeterChoice | undefined,
  sessions: readonly SessionSummary[],
): SessionSummary | undefined {
  const chosen = choice && sessions.find((s) => s.key === choice.key);
  let newestObserved: SessionSummary | undefined;
  for (const s of sessions)
    if (s.source !== 'own' && (!newestObserved || s.lastActivity > newestObserved.lastActivity)) newestObserved = s;
  if (!chosen) return newestObserved;
  if (!newestObserved || newestObserved.key === chosen.key) return chosen;
  const chosenSince = Math.max(choice.at, chosen.source === 'own' ? chosen.lastActivity : 0);
  return newestObserved.lastActivity > chosenSince ? newestObserved : chosen;
}
