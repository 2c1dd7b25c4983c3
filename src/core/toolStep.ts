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
import { runValidation } from './validationRun';

/** What the runner runs tools with, for one session's root. */
export interface AgentTools {
  root: string;
  files: FileTools;
  commands: CommandRunner;
  validation: { commands: string[][]; timeoutMs: number; outputCap: number };
  /** run_command's limits. */
  command: { timeoutMs: number; outputCap: number };
}

type Parsed = { ok: true; call: CheckedCall } | { ok: false; reason: string };

function parse(call: ToolCallItem): Parsed {
  if (!isToolName(call.name))
    return { ok: false, reason: `there is no tool "${call.name}"; the tools are ${TOOL_NAMES.join(', ')}` };
  const checked = checkArgs(call.arguments, TOOLS[call.name].schema);
  if (!checked.ok) return { ok: false, reason: `bad arguments for ${call.name}: ${checked.error}` };
  return { ok: true, call: { name: call.name, args: checked.args } as CheckedCall };
}

async function targetOf(tools: AgentTools, call: CheckedCall): Promise<ResolvedPath | { error: string } | undefined> {
  return call.name === 'edit_file' || call.name === 'write_file' ? tools.files.target(call.args.path) : undefined;
}

type Judged = { kind: 'refuse'; reason: string } | { kind: 'checked'; call: CheckedCall; decision: Decision };

/** Arguments against the schema, then the policy: the one judgement behind a new call and an approved one. */
async function judge(tools: AgentTools, state: SessionState, call: ToolCallItem): Promise<Judged> {
  const parsed = parse(call);
  if (!parsed.ok) return { kind: 'refuse', reason: parsed.reason };
  const decision = decide(state, parsed.call, await targetOf(tools, parsed.call));
  if (decision.kind === 'refuse') return decision;
  return { kind: 'checked', call: parsed.call, decision };
}

/**
 * Checks a requested call and records a refusal (true is returned), an approval request (the turn then
 * waits), or runs it.
 */
export async function checkCall(
  tools: AgentTools,
  state: SessionState,
  turnId: string,
  call: ToolCallItem,
  signal: AbortSignal,
  record: Record,
): Promise<boolean> {
  const judged = await judge(tools, state, call);
  const { callId } = call;
  if (judged.kind === 'refuse') {
    await record({ type: 'tool_call_refused', turnId, callId, reason: judged.reason });
    return true;
  }
  if (judged.decision.kind === 'ask') {
    const { subject, reason, key } = judged.decision;
    await record({ type: 'approval_requested', turnId, callId, subject, reason, key });
    return false;
  }
  await execute(tools, turnId, callId, judged.call, signal, record);
  return false;
}

/** Runs a call the user approved; it is judged again (the log is read back from disk; plan mode may be on now). */
export async function runCall(
  tools: AgentTools,
  state: SessionState,
  turnId: string,
  call: ToolCallItem,
  signal: AbortSignal,
  record: Record,
): Promise<void> {
  const judged = await judge(tools, { ...state, allowed: [] }, call);
  if (judged.kind === 'refuse')
    return record({ type: 'tool_call_refused', turnId, callId: call.callId, reason: judged.reason });
  await execute(tools, turnId, call.callId, judged.call, signal, record);
}

/** tool_started is on disk before the tool touches anything; its result (redacted) after. */
async function execute(
  tools: AgentTools,
  turnId: string,
  callId: string,
  call: CheckedCall,
  signal: AbortSignal,
  record: Record,
): Promise<void> {
  await record({ type: 'tool_started', turnId, callId });
  if (call.name === 'run_validation') return runValidation(tools, turnId, callId, signal, record);
  if (call.name === 'run_command') {
    const { timeoutMs, outputCap } = tools.command;
    const r = await tools.commands.run(call.args.argv, { cwd: tools.root, timeoutMs, outputCap, signal });
    const ending = r.error ?? (r.timedOut ? 'stopped at its time limit' : `exit code ${r.exitCode ?? 'none (killed)'}`);
    const output = redactSecrets(`${ending}\n${r.output}`);
    return record({ type: 'tool_result', turnId, callId, ok: r.exitCode === 0, output });
  }
  let outcome;
  try {
    outcome = await tools.files.run(call as FileToolCall, signal);
  } catch (error) {
    outcome = { ok: false, output: `the tool failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const change = outcome.change && recorded(outcome.change);
  await record({
    type: 'tool_result',
    turnId,
    callId,
    ok: outcome.ok,
    output: redactSecrets(outcome.output),
    ...(change ? { change } : {}),
  });
}

function recorded(change: FileChange): RecordedChange {
  return {
    path: change.path,
    created: change.created,
    diff: redactSecrets(change.diff),
    ...(change.before === undefined ? {} : { before: redactSecrets(change.before) }),
  };
}
