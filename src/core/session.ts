import type { ModelErrorKind, SessionSource, SessionType, TurnStatus } from '../shared/sessionTypes';
import type { ContextItem } from './contextItems';
import { foldContext } from './contextItems';
import type { Compactions } from './compaction/compactionFold';
import { foldCompactions, NO_COMPACTIONS } from './compaction/compactionFold';
import type { Budget } from './budget';
import { judgeRecord } from './eventGuards';
import type { Spend } from './spendFold';
import { foldSpend, NO_SPEND } from './spendFold';
import type { TurnClock } from './turnClock';
import { clockAfter, startClock } from './turnClock';
import type {
  ContextEstimate,
  ProviderUsage,
  RulesFile,
  SessionEvent,
  SubSessionParent,
  TrippedLimit,
  UnknownRecord,
} from './sessionEvents';
import { foldRunEvent, isRunEvent } from './runFold';
import type { TurnItem } from './turnItems';
import { toolCalls, withText } from './turnItems';

/** A session's state: a pure fold of its events. Nothing else writes it. */
export interface Turn {
  id: string;
  userText: string;
  /** All the model's text of this turn, joined: the chat view of `items`. */
  assistantText: string;
  /** Text, tool calls, validation runs, plan and notes, in order. */
  items: TurnItem[];
  /** Successful edits since the last validation run: the change set validation will check. */
  unvalidatedChanges: number;
  validationFailures: number;
  planReminders: number;
  status: TurnStatus;
  startedAt: string;
  endedAt?: string;
  estimate?: ContextEstimate;
  /** The usage of the latest reply that reported one (what the next request carries). */
  usage?: ProviderUsage;
  /** Every reply's usage in this turn, in order (a turn of tool calls makes several requests). */
  usages: ProviderUsage[];
  /** How long the turn has run (approval waits and stops excluded). */
  clock: TurnClock;
  error?: { kind: ModelErrorKind; message: string };
  /** The runner stopped the turn: which guard, and why in words. */
  halt?: { guard: string; message: string; limit?: TrippedLimit };
  notice?: string;
}

export interface SessionState {
  id: string;
  sessionType: SessionType;
  source: SessionSource;
  title: string;
  model: string;
  endpointHost: string;
  systemPrompt: string;
  /** The log's record shape version (1 before the agent runner). */
  schema: number;
  /** Where the tools work; absent for a chat-only session. */
  root?: string;
  rules: RulesFile[];
  review?: { base: string; diff: string };
  /** Set for a sub-session (ask_scout): who asked, and the read scope it may not widen. */
  parent?: SubSessionParent;
  planMode: boolean;
  /** Why tools are off (the endpoint refused them); the session runs as chat. */
  toolsDisabled?: string;
  /** Approval keys the user allowed for the rest of this session ("allow this exact command"). */
  allowed: string[];
  /** The limits the runner holds this session to (see budget.ts); {} when none is set. */
  budget: Budget;
  /** What a task's budget block said that is not enforced (advice to the model only). */
  budgetNotes: string[];
  /** Tokens spent by every request, reported or estimated. */
  spend: Spend;
  /** What the model sees: its own fold (see contextOf); the turns keep everything for the user. */
  context: ContextItem[];
  /** A compaction waiting to be applied, and the ones applied (the transcript's dividers). */
  compactions: Compactions;
  createdAt: string;
  updatedAt: string;
  turns: Turn[];
  /** The provider's usage of the most recent reply that reported one. */
  lastUsage?: ProviderUsage;
  /** The window a reply taught us: the endpoint named it when it refused a context-full request. */
  learnedWindow?: { tokens: number; at: string };
  lastSeq: number;
  unknownRecords: number;
  /** Records of a known type whose fields failed their guard: kept on disk, not folded. */
  invalidRecords: number;
}

export function emptySession(): SessionState {
  return {
    id: '',
    sessionType: 'scout',
    source: 'own',
    title: '',
    model: '',
    endpointHost: '',
    systemPrompt: '',
    schema: 1,
    rules: [],
    planMode: false,
    allowed: [],
    budget: {},
    budgetNotes: [],
    spend: NO_SPEND,
    context: [],
    compactions: NO_COMPACTIONS,
    createdAt: '',
    updatedAt: '',
    turns: [],
    lastSeq: 0,
    unknownRecords: 0,
    invalidRecords: 0,
  };
}

function updateTurn(state: SessionState, turnId: string, change: (turn: Turn) => Turn): Turn[] {
  return state.turns.map((turn) => (turn.id === turnId ? change(turn) : turn));
}

/** Applies one record. Unknown records and records failing their guard are counted and otherwise ignored. */
export function reduce(state: SessionState, record: SessionEvent | UnknownRecord): SessionState {
  const seen = { ...state, lastSeq: Math.max(state.lastSeq, record.seq), updatedAt: record.at };
  const verdict = judgeRecord(record);
  if (verdict === 'unknown') return { ...seen, unknownRecords: state.unknownRecords + 1 };
  if (verdict === 'invalid') return { ...seen, invalidRecords: state.invalidRecords + 1 };
  const event = record as SessionEvent;
  const next = reduceEvent(state, seen, event);
  if (!('turnId' in event)) return next;
  const turnId = event.turnId;
  const turns = next.turns.map((t) => {
    if (t.id !== turnId) return t;
    const clock = clockAfter(t.clock, event);
    return clock === t.clock ? t : { ...t, clock };
  });
  return { ...next, spend: foldSpend(next.spend, event), turns };
}

/** Applies a record that passed its guard; `seen` is the state with the record's place in the log taken. */
function reduceEvent(state: SessionState, seen: SessionState, event: SessionEvent): SessionState {
  const callName = (callId: string) => findCallName(state, callId);
  const context = foldContext(state.context, event, callName);
  const base = context === state.context ? seen : { ...seen, context };
  if (isRunEvent(event)) return foldRunEvent(base, event);
  switch (event.type) {
    case 'session_created':
      return {
        ...base,
        id: event.sessionId,
        sessionType: event.sessionType,
        source: event.source,
        title: event.title,
        model: event.model,
        endpointHost: event.endpointHost,
        systemPrompt: event.systemPrompt,
        schema: event.schema ?? 1,
        root: event.root,
        rules: event.rules ?? [],
        review: event.review,
        ...(event.parent ? { parent: event.parent } : {}),
        // a sub-session's scope holds from its first record (not only once its budget_set is on disk)
        ...(event.parent?.readScope ? { budget: { ...base.budget, readScope: event.parent.readScope } } : {}),
        createdAt: event.at,
      };
    case 'renamed':
      return { ...base, title: event.title };
    case 'model_changed':
      return { ...base, model: event.model };
    case 'request_started':
      return base;
    case 'compaction_proposed':
    case 'compaction_discarded':
    case 'context_replaced':
      return { ...base, compactions: foldCompactions(state.compactions, event, state.turns.at(-1)?.id) };
    case 'user_message':
      return {
        ...base,
        turns: [
          ...state.turns,
          {
            id: event.turnId,
            userText: event.text,
            assistantText: '',
            items: [],
            unvalidatedChanges: 0,
            validationFailures: 0,
            planReminders: 0,
            usages: [],
            clock: startClock(event.at),
            status: 'streaming',
            startedAt: event.at,
            estimate: event.estimate,
          },
        ],
      };
    case 'assistant_delta':
      return {
        ...base,
        turns: updateTurn(state, event.turnId, (t) => ({
          ...t,
          assistantText: t.assistantText + event.text,
          items: withText(t.items, event.text),
          notice: undefined,
        })),
      };
    case 'retry_scheduled':
      return {
        ...base,
        turns: updateTurn(state, event.turnId, (t) => ({
          ...t,
          notice: `${event.reason}: retry ${event.attempt} in ${Math.ceil(event.delayMs / 1000)} s`,
        })),
      };
    case 'usage_reported': {
      const usage = storedUsage(event.usage);
      return {
        ...base,
        lastUsage: usage,
        turns: updateTurn(state, event.turnId, (t) => ({ ...t, usage, usages: [...t.usages, usage] })),
      };
    }
    case 'turn_completed':
      return {
        ...base,
        turns: updateTurn(state, event.turnId, (t) => ({ ...t, status: 'done', endedAt: event.at, notice: undefined })),
      };
    case 'turn_failed': {
      const learned = storedCount(event.contextWindow);
      return {
        ...base,
        learnedWindow: learned === undefined ? state.learnedWindow : { tokens: learned, at: event.at },
        turns: updateTurn(state, event.turnId, (t) => ({
          ...t,
          status: 'failed',
          endedAt: event.at,
          notice: undefined,
          error: { kind: event.kind, message: event.message },
        })),
      };
    }
    case 'turn_interrupted':
      return {
        ...base,
        turns: updateTurn(state, event.turnId, (t) => ({
          ...t,
          status: event.reason === 'incomplete_stream' ? 'incomplete' : 'interrupted',
          endedAt: event.at,
          notice: undefined,
          error: { kind: event.reason === 'idle_timeout' ? 'idle_timeout' : 'incomplete', message: event.message },
        })),
      };
    case 'turn_stopped':
      return {
        ...base,
        turns: updateTurn(state, event.turnId, (t) => ({
          ...t,
          status: 'stopped',
          endedAt: event.at,
          notice: undefined,
        })),
      };
  }
}

/** A token count read back from the log: a positive whole number below 100M, else undefined. */
function storedCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 100_000_000 ? value : undefined;
}

/** The log is read back from disk: an optional cost that is not a finite, non-negative number is dropped. */
function storedUsage(usage: ProviderUsage): ProviderUsage {
  if (typeof usage !== 'object' || usage === null || usage.costUsd === undefined) return usage;
  const cost = usage.costUsd as unknown;
  if (typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 && cost < 1e6) return usage;
  const { costUsd: _dropped, ...rest } = usage;
  return rest;
}

export function foldSession(records: ReadonlyArray<SessionEvent | UnknownRecord>): SessionState {
  return records.reduce(reduce, emptySession());
}

function findCallName(state: SessionState, callId: string): string {
  for (let i = state.turns.length - 1; i >= 0; i--) {
    const call = toolCalls(state.turns[i].items).find((c) => c.callId === callId);
    if (call) return call.name;
  }
  return 'a tool';
}

/** The turn still streaming, if any. After a restart such a turn has no writer: it was interrupted. */
export function streamingTurn(state: SessionState): Turn | undefined {
  return state.turns.find((t) => t.status === 'streaming');
}
