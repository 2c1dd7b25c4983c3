import type { Turn } from './session';
import type { ToolCallItem } from './turnItems';
import { toolCalls } from './turnItems';

/**
 * What a turn needs next, read from its fold alone: check a call the model made, run an approved one,
 * wait for the user, validate a change set, or go on (ask the model, or end the turn).
 */
export type Work =
  | { kind: 'check'; call: ToolCallItem }
  | { kind: 'run'; call: ToolCallItem }
  | { kind: 'wait' }
  | { kind: 'validate' }
  | { kind: 'continue' };

export function nextWork(turn: Turn, options: { validation: boolean }): Work {
  const calls = toolCalls(turn.items);
  const waiting = calls.find((c) => c.status === 'awaiting_approval');
  const approved = calls.find((c) => c.status === 'approved');
  if (approved) return { kind: 'run', call: approved };
  const requested = calls.find((c) => c.status === 'requested');
  if (requested) return { kind: 'check', call: requested };
  if (waiting || calls.some((c) => c.status === 'running')) return { kind: 'wait' };
  if (options.validation && turn.unvalidatedChanges > 0) return { kind: 'validate' };
  return { kind: 'continue' };
}
