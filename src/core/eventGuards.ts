import { isSessionType } from '../shared/sessionTypes';
import { isLimitKey } from './budget';
import type { SessionEvent, SessionEventType, UnknownRecord } from './sessionEvents';

/**
 * One guard per record type, checked when a log is read back: a record that fails its guard is kept on
 * disk and counted, never folded. The table is keyed by every `SessionEventType` (a mapped type), so a
 * new event type does not compile until it has a guard, and the set of known types is this table's keys.
 */
type Check = (value: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const bool: Check = (v) => typeof v === 'boolean';
const count: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const arrayOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && fieldsPass(v as Record<string, unknown>, fields);

function fieldsPass(record: Record<string, unknown>, fields: Record<string, Check>): boolean {
  for (const [name, check] of Object.entries(fields)) if (!check(record[name])) return false;
  return true;
}

const usage = shape({ promptTokens: count, completionTokens: count, totalTokens: count });
const estimate = shape({ systemTokens: num, rulesTokens: optional(num), conversationTokens: num, encoding: str });
const change = shape({ path: str, created: bool, diff: str, before: optional(str) });
const step = shape({
  argv: arrayOf(str),
  exitCode: nullable(num),
  timedOut: bool,
  durationMs: num,
  error: optional(str),
});
const plan = shape({ rootCause: str, files: str, invariants: str, risks: str, validation: str });
const kept = shape({ id: str, file: str, chars: count, lines: count });
const turn = { turnId: str };
const call = { turnId: str, callId: str };

const GUARDS: { [T in SessionEventType]: Record<string, Check> } = {
  session_created: {
    sessionId: str,
    sessionType: isSessionType,
    source: str,
    title: str,
    model: str,
    endpointHost: str,
    systemPrompt: str,
    schema: optional(count),
    root: optional(str),
    rules: optional(arrayOf(shape({ path: str, text: str }))),
    review: optional(shape({ base: str, diff: str })),
    parent: optional(shape({ sessionId: str, callId: str, readScope: optional(arrayOf(str)) })),
  },
  renamed: { title: str },
  user_message: { ...turn, text: str, estimate: optional(estimate) },
  assistant_delta: { ...turn, text: str },
  retry_scheduled: { ...turn, attempt: num, delayMs: num, reason: str },
  usage_reported: { ...turn, usage },
  turn_completed: { ...turn, finishReason: str },
  turn_failed: { ...turn, kind: str, message: str },
  turn_interrupted: { ...turn, reason: str, message: str },
  turn_stopped: turn,
  tool_call_requested: { ...call, name: str, arguments: str },
  tool_call_refused: { ...call, reason: str },
  approval_requested: { ...call, subject: str, reason: str, key: str },
  approval_granted: { ...call, remember: bool },
  approval_denied: call,
  tool_started: call,
  tool_result: {
    ...call,
    ok: bool,
    output: str,
    change: optional(change),
    kept: optional(kept),
    subSession: optional(str),
    subSpend: optional(shape({ tokens: count, usd: optional(num) })),
  },
  tool_lost: { ...call, message: str },
  validation_run: {
    ...turn,
    callId: optional(str),
    ok: bool,
    steps: arrayOf(step),
    failureOutput: optional(str),
    kept: optional(kept),
    named: optional(arrayOf(str)),
  },
  guard_tripped: {
    ...turn,
    guard: str,
    message: str,
    limit: optional(shape({ key: isLimitKey, value: num, used: num })),
  },
  budget_set: { budget: shape({}), source: oneOf('settings', 'task', 'user', 'raise'), notes: optional(arrayOf(str)) },
  turn_resumed: { ...turn, reason: str },
  model_changed: { model: str, reason: oneOf('escalation', 'user') },
  request_started: { ...turn, promptTokens: count, completionTokens: count, reservedUsd: optional(num) },
  plan_mode_set: { on: bool },
  plan_reminder: { ...turn, missing: arrayOf(str) },
  plan_recorded: { ...turn, plan },
  compaction_proposed: {
    proposalId: str,
    carried: str,
    narrative: str,
    model: str,
    focus: optional(str),
    contextItems: count,
    tokensBefore: count,
    tokensAfter: count,
  },
  compaction_discarded: { proposalId: str },
  context_replaced: { proposalId: str, summary: str, contextItems: count, tokensAfter: optional(count) },
  tools_disabled: { ...turn, message: str },
};

export const KNOWN_EVENT_TYPES = Object.keys(GUARDS) as SessionEventType[];

export function isKnownType(type: string): type is SessionEventType {
  return Object.prototype.hasOwnProperty.call(GUARDS, type);
}

/** How a record read back from disk is to be treated. */
export type RecordVerdict = 'event' | 'unknown' | 'invalid';

export function judgeRecord(record: SessionEvent | UnknownRecord): RecordVerdict {
  if (!isKnownType(record.type)) return 'unknown';
  return fieldsPass(record as unknown as Record<string, unknown>, GUARDS[record.type]) ? 'event' : 'invalid';
}
