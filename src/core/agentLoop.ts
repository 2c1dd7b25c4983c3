import { contextOf } from './contextOf';
import type { StepOutcome } from './modelStep';
import { streamStep } from './modelStep';
import { nextWork } from './nextWork';
import type { ModelClient } from './ports';
import type { SessionState, Turn } from './session';
import type { ToolCallItem } from './turnItems';
import { toolCalls } from './turnItems';
import type { Record } from './modelStep';
import { checkCall, runCall } from './toolStep';
import type { AgentTools } from './toolStep';
import { finishTurn } from './turnFinish';
import { runValidation } from './validationRun';
import { offeredTools } from './tools/toolPolicy';
import { toolSpec } from './tools/toolSpecs';
import { reservedUsd } from './guards/costLimit';
import { reserveOf } from './guards/requestReserve';
import type { GuardClock } from './guards/stepGuards';
import { beforeRequest, beforeValidation } from './guards/stepGuards';
import type { Verdict } from './guards/verdict';
import type { PriceFact } from './modelFacts';

export interface LoopLimits {
  /** Model requests in one turn before the runner stops it. */
  maxSteps: number;
  /** Refused calls in a row (bad arguments, unknown tool) before the runner stops the turn. */
  maxRefusals: number;
}

export const DEFAULT_LIMITS: LoopLimits = { maxSteps: 30, maxRefusals: 3 };

export interface LoopDeps {
  client: ModelClient;
  /** Absent: no tools (Restricted Mode, no folder); the session runs as chat. */
  tools?: AgentTools;
  state(): SessionState;
  record: Record;
  signal: AbortSignal;
  limits: LoopLimits;
  /** Epoch milliseconds now (the wall-clock guard's clock). */
  now(): number;
  /** The session model's price, for the US$ guard; undefined when none is known. */
  price?(state: SessionState): Promise<PriceFact | undefined> | PriceFact | undefined;
}

/**
 * Drives one turn until it ends or waits for the user: it asks `nextWork` (pure, from the fold) what is
 * due, does that one thing, and asks again. Because every decision is read back from the log, the same
 * loop resumes a turn after an approval, in this window or after a reload.
 */
export async function runAgentTurn(deps: LoopDeps, turnId: string): Promise<void> {
  const { record } = deps;
  let steps = 0;
  let replyDone = false;
  let refusedInRow = 0;
  for (;;) {
    const turn = turnOf(deps.state(), turnId);
    if (!turn || turn.status !== 'streaming') return;
    if (deps.signal.aborted) return record({ type: 'turn_stopped', turnId });
    const work = nextWork(turn, { validation: (deps.tools?.validation.commands.length ?? 0) > 0 });
    if (work.kind === 'check' || work.kind === 'run') {
      if (!deps.tools) {
        await record({ type: 'tool_call_refused', turnId, callId: work.call.callId, reason: 'tools are off here' });
        continue;
      }
      const step = { signal: deps.signal, record, clock: await clockOf(deps) };
      const outcome =
        work.kind === 'check'
          ? await checkCall(deps.tools, deps.state(), turnId, work.call, step)
          : await runCall(deps.tools, deps.state(), turnId, work.call, step);
      if (outcome === 'stopped') return;
      if (work.kind === 'run') continue;
      refusedInRow = outcome === 'refused' ? refusedInRow + 1 : 0;
      if (refusedInRow > deps.limits.maxRefusals)
        return record({
          type: 'guard_tripped',
          turnId,
          guard: 'bad_tool_calls',
          message: badCallsWords(refusedInRow),
        });
      continue;
    }
    if (work.kind === 'wait') return;
    if (work.kind === 'validate') {
      if (await stopped(record, turnId, beforeValidation(deps.state(), turn, await clockOf(deps)))) return;
      const runs = turn.items.filter((i) => i.kind === 'validation').length;
      await runValidation(deps.tools!, turnId, undefined, deps.signal, record, `${turnId}-validation-${runs + 1}`);
      const after = turnOf(deps.state(), turnId);
      if (after && after.validationFailures >= 2 && after.status === 'streaming')
        return record({ type: 'guard_tripped', turnId, guard: 'validation_failed_twice', message: twiceWords() });
      replyDone = false;
      continue;
    }
    if (replyDone) {
      if (await finishTurn(deps.state(), turnId, record)) return;
      replyDone = false; // a plan reminder was recorded: ask once more
      continue;
    }
    if (steps >= deps.limits.maxSteps)
      return record({ type: 'guard_tripped', turnId, guard: 'step_limit', message: stepLimitWords(steps) });
    steps++;
    const outcome = await modelRequest(deps, turnId, turn);
    if (outcome === 'stopped' || outcome.kind === 'ended') return;
    if (outcome.kind === 'tools_refused') {
      await record({ type: 'tools_disabled', turnId, message: toolsOffWords(outcome.message) });
      steps--;
      continue;
    }
    replyDone = outcome.calls === 0;
  }
}

async function modelRequest(deps: LoopDeps, turnId: string, turn: Turn): Promise<StepOutcome | 'stopped'> {
  const state = deps.state();
  let n = 0;
  const used = new Set(state.turns.flatMap((t) => toolCalls(t.items).map((c: ToolCallItem) => c.callId)));
  const nextCallId = () => {
    let id: string;
    do id = `${turnId}.c${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  const tools = deps.tools ? offeredTools(state).map(toolSpec) : [];
  const messages = contextOf(state, turnId);
  const clock = await clockOf(deps);
  const reserve = reserveOf(state, messages, tools);
  if (await stopped(deps.record, turnId, beforeRequest(state, turn, clock, reserve))) return 'stopped';
  const usd = reservedUsd(state, clock.price, reserve);
  await deps.record({
    type: 'request_started',
    turnId,
    ...reserve,
    ...(usd === undefined ? {} : { reservedUsd: usd }),
  });
  const request = { model: state.model, messages, tools, turnId, signal: deps.signal, nextCallId };
  return streamStep(deps.client, request, deps.record);
}

async function clockOf(deps: LoopDeps): Promise<GuardClock> {
  const state = deps.state();
  // only a US$ limit needs the price (its lookup may wait on the endpoint once)
  const price = state.budget.maxCostUsd === undefined ? undefined : await deps.price?.(state);
  return { now: deps.now(), price };
}

/** Records a guard's stop (a refusal cannot come before a request or a validation); true when it stopped. */
async function stopped(record: Record, turnId: string, verdict: Verdict): Promise<boolean> {
  if (!verdict) return false;
  const { guard, message, limit } =
    verdict.kind === 'stop' ? verdict : { guard: 'budget', message: verdict.reason, limit: undefined };
  await record({ type: 'guard_tripped', turnId, guard, message, ...(limit ? { limit } : {}) });
  return true;
}

function turnOf(state: SessionState, turnId: string): Turn | undefined {
  return state.turns.find((t) => t.id === turnId);
}

const badCallsWords = (n: number) =>
  `Stopped: the model made ${n} tool calls in a row that could not run (bad arguments or unknown tools).`;
const twiceWords = () =>
  'Stopped: validation failed twice. The first failure was sent back and one fix was allowed; read the failure above.';
const stepLimitWords = (n: number) => `Stopped: ${n} model requests in one turn (the runaway limit).`;
const toolsOffWords = (reason: string) => `${reason} This session runs as chat from now on (no tools).`;
