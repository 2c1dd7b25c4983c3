import type { Record } from './modelStep';
import type { SessionState } from './session';
import type { RecordedChange } from './sessionEvents';
import type { ToolCallItem } from './turnItems';
import { checkArgs } from './tools/argsCheck';
import type { CommandRunner, FileChange, FileTools, FileToolCall, ResolvedPath } from './tools/toolPorts';
import type { Decision } from './tools/toolPolicy';
import { decide } from './tools/toolPolicy';
import type { CheckedCall } from './tools/toolSpecs';
import { isToolName, TOOL_NAMES, TOOLS } from './tools/toolSpecs';
import { redactSecrets } from './transcripts/redact';
import type { Exhaust } from './exhaust';
import { controlExhaust } from './exhaust';
import { readToolOutput } from './readToolOutput';
import type { ScoutPort } from './subSession';
import { runValidation } from './validationRun';
import type { GuardClock } from './guards/stepGuards';
import { beforeTool } from './guards/stepGuards';
import type { Stop } from './guards/verdict';

/** What the runner runs tools with, for one session's root. */
export interface AgentTools {
  root: string;
  files: FileTools;
  commands: CommandRunner;
  validation: { commands: string[][]; timeoutMs: number; outputCap: number };
  /** run_command's limits. */
  command: { timeoutMs: number; outputCap: number };
  /** Outputs over its threshold are kept on disk, the model reads their head and tail; absent: all in context. */
  exhaust?: Exhaust;
  /** ask_scout's sub-sessions; absent where a session may not start one. */
  scout?: ScoutPort;
}

type Parsed = { ok: true; call: CheckedCall } | { ok: false; reason: string };

function parse(call: ToolCallItem): Parsed {
  if (!isToolName(call.name))
    return { ok: false, reason: `there is no tool "${call.name}"; the tools are ${TOOL_NAMES.join(', ')}` };
  const checked = checkArgs(call.arguments, TOOLS[call.name].schema);
  if (!checked.ok) return { ok: false, reason: `bad arguments for ${call.name}: ${checked.error}` };
  return { ok: true, call: { name: call.name, args: checked.args } as CheckedCall };
}

/** The file a write tool touches, and a read tool's path when a read scope must judge it (else not resolved twice). */
async function targetOf(
  tools: AgentTools,
  state: SessionState,
  call: CheckedCall,
): Promise<ResolvedPath | { error: string } | undefined> {
  const access = TOOLS[call.name].access;
  if (access !== 'write' && !(access === 'read' && state.budget.readScope?.length)) return undefined;
  if (!('path' in TOOLS[call.name].schema.properties)) return undefined; // read_tool_output: the session's own
  const given = 'path' in call.args ? (call.args.path ?? '') : '';
  return tools.files.target(given);
}

type Judged = { kind: 'refuse'; reason: string } | Stop | { kind: 'checked'; call: CheckedCall; decision: Decision };

/**
 * Arguments against the schema, then the policy, then the budget's guards: the one judgement behind a new
 * call and an approved one.
 */
async function judge(tools: AgentTools, state: SessionState, call: ToolCallItem, clock: GuardClock): Promise<Judged> {
  const parsed = parse(call);
  if (!parsed.ok) return { kind: 'refuse', reason: parsed.reason };
  const target = await targetOf(tools, state, parsed.call);
  const decision = decide(state, parsed.call, TOOLS[parsed.call.name].access === 'write' ? target : undefined);
  if (decision.kind === 'refuse') return decision;
  const turn = state.turns.find((t) => t.items.some((i) => i.kind === 'tool' && i.callId === call.callId));
  const rel = target && !('error' in target) ? target.rel : undefined;
  const verdict = turn && beforeTool(state, turn, call, parsed.call, rel, clock);
  if (verdict) return verdict;
  return { kind: 'checked', call: parsed.call, decision };
}

/** How checking a call ended. */
export type CheckOutcome = 'ran' | 'refused' | 'asked' | 'stopped';

async function refuseOrStop(
  judged: { kind: 'refuse'; reason: string } | Stop,
  turnId: string,
  callId: string,
  record: Record,
) {
  if (judged.kind === 'refuse') {
    await record({ type: 'tool_call_refused', turnId, callId, reason: judged.reason });
    return 'refused' as const;
  }
  await record({ type: 'tool_call_refused', turnId, callId, reason: judged.message });
  const { guard, message, limit } = judged;
  await record({ type: 'guard_tripped', turnId, guard, message, ...(limit ? { limit } : {}) });
  return 'stopped' as const;
}

/**
 * Checks a requested call and records a refusal, a guard's stop, an approval request (the turn then
 * waits), or runs it.
 */
export async function checkCall(
  tools: AgentTools,
  state: SessionState,
  turnId: string,
  call: ToolCallItem,
  step: StepContext,
): Promise<CheckOutcome> {
  const judged = await judge(tools, state, call, step.clock);
  const { callId } = call;
  if (judged.kind !== 'checked') return refuseOrStop(judged, turnId, callId, step.record);
  if (judged.decision.kind === 'ask') {
    const { subject, reason, key } = judged.decision;
    await step.record({ type: 'approval_requested', turnId, callId, subject, reason, key });
    return 'asked';
  }
  await execute(tools, state, turnId, callId, judged.call, step);
  return 'ran';
}

/** Runs a call the user approved; it is judged again (the log is read back from disk; plan mode may be on now). */
export async function runCall(
  tools: AgentTools,
  state: SessionState,
  turnId: string,
  call: ToolCallItem,
  step: StepContext,
): Promise<CheckOutcome> {
  const judged = await judge(tools, { ...state, allowed: [] }, call, step.clock);
  if (judged.kind !== 'checked') return refuseOrStop(judged, turnId, call.callId, step.record);
  await execute(tools, state, turnId, call.callId, judged.call, step);
  return 'ran';
}

const NO_SCOUT = 'ask_scout is not available here (no sub-sessions in this window); read and answer yourself.';

/** What a step is done with: where it records, its stop signal, and the guards' clock. */
export interface StepContext {
  signal: AbortSignal;
  record: Record;
  clock: GuardClock;
}

/**
 * tool_started is on disk before the tool touches anything; its result (redacted, over the threshold kept
 * on disk first) after.
 */
async function execute(
  tools: AgentTools,
  state: SessionState,
  turnId: string,
  callId: string,
  call: CheckedCall,
  { signal, record }: StepContext,
): Promise<void> {
  await record({ type: 'tool_started', turnId, callId });
  if (call.name === 'run_validation') return runValidation(tools, turnId, callId, signal, record);
  if (call.name === 'read_tool_output') {
    const read = await readToolOutput(state, tools.exhaust, call.args);
    return record({ type: 'tool_result', turnId, callId, ...read });
  }
  if (call.name === 'ask_scout') {
    if (!tools.scout) return record({ type: 'tool_result', turnId, callId, ok: false, output: NO_SCOUT });
    const reply = await tools.scout.ask(call.args.question, callId, signal);
    const shown = await controlExhaust(tools.exhaust, callId, redactSecrets(reply.answer));
    const sub = reply.sessionId ? { subSession: reply.sessionId, subSpend: reply.spend } : {}; // '': none started
    return record({ type: 'tool_result', turnId, callId, ok: reply.ok, ...shown, ...sub });
  }
  if (call.name === 'run_command') {
    const { timeoutMs, outputCap } = tools.command;
    const r = await tools.commands.run(call.args.argv, { cwd: tools.root, timeoutMs, outputCap, signal });
    const ending = r.error ?? (r.timedOut ? 'stopped at its time limit' : `exit code ${r.exitCode ?? 'none (killed)'}`);
    const shown = await controlExhaust(tools.exhaust, callId, redactSecrets(`${ending}\n${r.output}`));
    return record({ type: 'tool_result', turnId, callId, ok: r.exitCode === 0, ...shown });
  }
  let outcome;
  try {
    outcome = await tools.files.run(call as FileToolCall, signal);
  } catch (error) {
    outcome = { ok: false, output: `the tool failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const change = outcome.change && recorded(outcome.change);
  const output = redactSecrets(outcome.output);
  // read_file pages itself (a line range); a copy of a source file is not kept
  const shown = call.name === 'read_file' ? { output } : await controlExhaust(tools.exhaust, callId, output);
  await record({ type: 'tool_result', turnId, callId, ok: outcome.ok, ...shown, ...(change ? { change } : {}) });
}

function recorded(change: FileChange): RecordedChange {
  return {
    path: change.path,
    created: change.created,
    diff: redactSecrets(change.diff),
    ...(change.before === undefined ? {} : { before: redactSecrets(change.before) }),
  };
}
