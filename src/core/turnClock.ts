import type { SessionEvent } from './sessionEvents';

/**
 * How long a turn has been running, folded from its events: the wall clock runs from the message, pauses
 * while an approval waits for the user and when the turn ends or a guard stops it, and runs again when it
 * resumes. The wall-clock limit holds to this, so time spent reading an approval card is not the agent's.
 */
export interface TurnClock {
  /** Milliseconds run before `since`. */
  runMs: number;
  /** When the clock last started; absent while it is paused. */
  since?: string;
}

export function startClock(at: string): TurnClock {
  return { runMs: 0, since: at };
}

function pause(clock: TurnClock, at: string): TurnClock {
  if (!clock.since) return clock;
  return { runMs: clock.runMs + Math.max(0, Date.parse(at) - Date.parse(clock.since)), since: undefined };
}

function run(clock: TurnClock, at: string): TurnClock {
  return clock.since ? clock : { ...clock, since: at };
}

/** The clock of the turn an event belongs to after it (the same object when the event does not move it). */
export function clockAfter(clock: TurnClock, event: SessionEvent): TurnClock {
  switch (event.type) {
    case 'approval_requested':
    case 'guard_tripped':
    case 'turn_completed':
    case 'turn_failed':
    case 'turn_interrupted':
    case 'turn_stopped':
      return pause(clock, event.at);
    case 'approval_granted':
    case 'approval_denied':
    case 'turn_resumed':
      return run(clock, event.at);
    default:
      return clock;
  }
}

/** Milliseconds the turn has run by `now` (epoch ms). */
export function runMsAt(clock: TurnClock, now: number): number {
  const since = clock.since ? Date.parse(clock.since) : NaN;
  return clock.runMs + (Number.isFinite(since) ? Math.max(0, now - since) : 0);
}
