import type { PriceFact } from '../modelFacts';
import type { SessionState, Turn } from '../session';
import type { CheckedCall } from '../tools/toolSpecs';
import { TOOLS } from '../tools/toolSpecs';
import type { ToolCallItem } from '../turnItems';
import { changedFilesLimit } from './changedFilesLimit';
import { costLimit } from './costLimit';
import { readScopeCheck } from './readScope';
import { repeatLimit } from './repeatLimit';
import { summaryFirst } from './summaryFirst';
import type { Reserve } from './tokenLimit';
import { tokenLimit } from './tokenLimit';
import { toolCallLimit } from './toolCallLimit';
import { validationLimit } from './validationLimit';
import type { Verdict } from './verdict';
import { wallClockLimit } from './wallClockLimit';

/**
 * The runner's guards, asked before each step (pure functions of the fold: the same state gives the same
 * answer after a reload). The first guard that objects decides; refusals come before stops, so a call
 * the budget would never let run does not count against a limit.
 */
export interface GuardClock {
  /** Epoch milliseconds now. */
  now: number;
  /** The session model's price, when one is known. */
  price?: PriceFact;
}

/** Before a model request is sent, at its reserve. */
export function beforeRequest(state: SessionState, turn: Turn, clock: GuardClock, reserve: Reserve): Verdict {
  const budget = state.budget;
  return (
    wallClockLimit(turn, budget, clock.now) ??
    tokenLimit(state, budget, reserve) ??
    costLimit(state, budget, clock.price, reserve)
  );
}

/**
 * Before a checked tool call runs (or asks the user). `rel` is the resolved path of a file tool (relative to
 * the root), undefined for the other tools or when it could not be resolved.
 */
export function beforeTool(
  state: SessionState,
  turn: Turn,
  call: ToolCallItem,
  checked: CheckedCall,
  rel: string | undefined,
  clock: GuardClock,
): Verdict {
  const budget = state.budget;
  const access = TOOLS[checked.name].access;
  const refusal =
    (access === 'read' && rel !== undefined ? readScopeCheck(state, budget, checked.name, rel) : undefined) ??
    (access === 'write' ? summaryFirst(state, budget) : undefined);
  if (refusal) return refusal;
  return (
    wallClockLimit(turn, budget, clock.now) ??
    repeatLimit(state, budget, call) ??
    toolCallLimit(state, budget) ??
    (access === 'write' ? changedFilesLimit(state, budget, rel) : undefined) ??
    (access === 'validate' ? validationLimit(state, budget) : undefined)
  );
}

/** Before the runner validates a change set on its own. */
export function beforeValidation(state: SessionState, turn: Turn, clock: GuardClock): Verdict {
  return wallClockLimit(turn, state.budget, clock.now) ?? validationLimit(state, state.budget);
}
