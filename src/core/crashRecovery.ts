import type { SessionEventPayload } from './sessionEvents';
import type { SessionState } from './session';
import { lostWords } from './runnerWords';
import { toolCalls } from './turnItems';

/**
 * What a log left by a dead host needs appended so the fold tells the truth: each tool call that had
 * started is marked lost (never run again), and each turn still streaming is interrupted. A turn
 * waiting for an approval is left as it is: it comes back pending, never approved.
 */
export function recoveryEvents(state: SessionState): SessionEventPayload[] {
  const events: SessionEventPayload[] = [];
  for (const turn of state.turns) {
    if (turn.status !== 'streaming') continue;
    for (const call of toolCalls(turn.items))
      if (call.status === 'running')
        events.push({ type: 'tool_lost', turnId: turn.id, callId: call.callId, message: lostWords(call.name) });
    const inFlight = toolCalls(turn.items).find((c) => c.status === 'running');
    events.push({
      type: 'turn_interrupted',
      turnId: turn.id,
      reason: 'host_died',
      message: inFlight
        ? `VS Code stopped while ${inFlight.name} (${inFlight.callId}) was running; it was not run again. Resend to go on.`
        : 'VS Code stopped while this reply was streaming. The partial text is kept; resend to try again.',
    });
  }
  return events;
}
