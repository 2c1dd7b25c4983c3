import type { Budget } from './budget';
import { cleanBudget } from './budget';
import type { SessionState, Turn } from './session';
import type { SessionEvent } from './sessionEvents';
import type { ToolCallItem } from './turnItems';
import { withCall } from './turnItems';

/** The agent runner's events folded into the turn that holds them: tool calls, approvals, validation, plan. */
const RUN_TYPES = [
  'tool_call_requested',
  'tool_call_refused',
  'approval_requested',
  'approval_granted',
  'approval_denied',
  'tool_started',
  'tool_result',
  'tool_lost',
  'validation_run',
  'guard_tripped',
  'plan_mode_set',
  'plan_reminder',
  'plan_recorded',
  'tools_disabled',
  'budget_set',
  'turn_resumed',
] as const satisfies ReadonlyArray<SessionEvent['type']>;

export type RunEvent = Extract<SessionEvent, { type: (typeof RUN_TYPES)[number] }>;

const RUN: ReadonlySet<string> = new Set(RUN_TYPES);

export function isRunEvent(event: SessionEvent): event is RunEvent {
  return RUN.has(event.type);
}

export function foldRunEvent(state: SessionState, event: RunEvent): SessionState {
  switch (event.type) {
    case 'plan_mode_set':
      return { ...state, planMode: event.on };
    case 'approval_granted': {
      const call = findCall(state, event.turnId, event.callId);
      const key = call?.approval?.key;
      const allowed = event.remember && key && !state.allowed.includes(key) ? [...state.allowed, key] : state.allowed;
      return {
        ...state,
        allowed,
        turns: updateTurn(state, event.turnId, (t) => ({
          ...onCall(t, event.callId, (c) => ({
            ...c,
            status: 'approved',
            approval: c.approval && { ...c.approval, remember: event.remember },
          })),
          status: 'streaming',
        })),
      };
    }
    case 'budget_set':
      return { ...state, budget: withinParent(state, cleanBudget(event.budget)), budgetNotes: event.notes ?? [] };
    case 'tools_disabled':
      return {
        ...state,
        toolsDisabled: event.message,
        turns: updateTurn(state, event.turnId, (t) => note(t, event.message)),
      };
    default:
      return { ...state, turns: updateTurn(state, event.turnId, (t) => foldIntoTurn(t, event)) };
  }
}

type TurnRunEvent = Exclude<RunEvent, { type: 'plan_mode_set' | 'approval_granted' | 'tools_disabled' | 'budget_set' }>;

function foldIntoTurn(turn: Turn, event: TurnRunEvent): Turn {
  switch (event.type) {
    case 'tool_call_requested': {
      const call: ToolCallItem = {
        kind: 'tool',
        callId: event.callId,
        name: event.name,
        arguments: event.arguments,
        status: 'requested',
      };
      return { ...turn, items: [...turn.items, call], notice: undefined };
    }
    case 'tool_call_refused':
      return onCall(turn, event.callId, (c) => ({ ...c, status: 'refused', output: event.reason }));
    case 'approval_requested':
      return {
        ...onCall(turn, event.callId, (c) => ({
          ...c,
          status: 'awaiting_approval',
          approval: { subject: event.subject, reason: event.reason, key: event.key },
        })),
        status: 'awaiting_approval',
      };
    case 'approval_denied':
      return { ...onCall(turn, event.callId, (c) => ({ ...c, status: 'denied' })), status: 'streaming' };
    case 'tool_started':
      return onCall(turn, event.callId, (c) => ({ ...c, status: 'running' }));
    case 'tool_result': {
      const changed = event.ok && event.change ? 1 : 0;
      return {
        ...onCall(turn, event.callId, (c) => ({
          ...c,
          status: event.ok ? 'done' : 'failed',
          output: event.output,
          change: event.change,
          ...(event.kept ? { kept: event.kept } : {}),
          ...(event.subSession ? { subSession: event.subSession } : {}),
          ...(event.subSpend ? { subSpend: event.subSpend } : {}),
        })),
        unvalidatedChanges: turn.unvalidatedChanges + changed,
      };
    }
    case 'tool_lost':
      return onCall(turn, event.callId, (c) => ({ ...c, status: 'lost', output: event.message }));
    case 'validation_run': {
      const { callId, ok, steps, failureOutput, kept, named } = event;
      const withItem: Turn = {
        ...turn,
        items: [
          ...turn.items,
          {
            kind: 'validation',
            callId,
            ok,
            steps,
            failureOutput,
            ...(kept ? { kept } : {}),
            ...(named ? { named } : {}),
          },
        ],
      };
      const ran = callId ? onCall(withItem, callId, (c) => ({ ...c, status: ok ? 'done' : 'failed' })) : withItem;
      return {
        ...ran,
        unvalidatedChanges: steps.length > 0 ? 0 : turn.unvalidatedChanges,
        validationFailures: turn.validationFailures + (ok ? 0 : 1),
      };
    }
    case 'guard_tripped':
      return {
        ...note(turn, event.message),
        status: 'halted',
        endedAt: event.at,
        halt: { guard: event.guard, message: event.message, ...(event.limit ? { limit: event.limit } : {}) },
      };
    case 'turn_resumed':
      if (turn.status !== 'halted') return turn;
      return {
        ...note(turn, event.reason),
        status: 'streaming',
        endedAt: undefined,
        halt: undefined,
        // escalated after two failed rounds: the stronger model gets its own two
        validationFailures: turn.halt?.guard === 'validation_failed_twice' ? 0 : turn.validationFailures,
      };
    case 'plan_reminder':
      return { ...turn, planReminders: turn.planReminders + 1 };
    case 'plan_recorded':
      return { ...turn, items: [...turn.items, { kind: 'plan', plan: event.plan }] };
  }
}

/** A sub-session keeps the read scope it inherited, whatever a later budget (a task block, an edit) says. */
function withinParent(state: SessionState, budget: Budget): Budget {
  const scope = state.parent?.readScope;
  if (!scope) return budget;
  return { ...budget, readScope: scope };
}

function updateTurn(state: SessionState, turnId: string, change: (turn: Turn) => Turn): Turn[] {
  return state.turns.map((turn) => (turn.id === turnId ? change(turn) : turn));
}

function note(turn: Turn, text: string): Turn {
  return { ...turn, items: [...turn.items, { kind: 'note', text }] };
}

function onCall(turn: Turn, callId: string, change: (call: ToolCallItem) => ToolCallItem): Turn {
  return { ...turn, items: withCall(turn.items, callId, change) };
}

function findCall(state: SessionState, turnId: string, callId: string): ToolCallItem | undefined {
  const turn = state.turns.find((t) => t.id === turnId);
  return turn?.items.find((i): i is ToolCallItem => i.kind === 'tool' && i.callId === callId);
}
