import type { Budget } from '../../src/core/budget';
import { contextOf } from '../../src/core/contextOf';
import { changedFilesLimit } from '../../src/core/guards/changedFilesLimit';
import { costLimit } from '../../src/core/guards/costLimit';
import { readScopeCheck } from '../../src/core/guards/readScope';
import { repeatLimit } from '../../src/core/guards/repeatLimit';
import { reserveOf } from '../../src/core/guards/requestReserve';
import type { GuardClock } from '../../src/core/guards/stepGuards';
import { beforeRequest, beforeTool } from '../../src/core/guards/stepGuards';
import { summaryFirst } from '../../src/core/guards/summaryFirst';
import { tokenLimit } from '../../src/core/guards/tokenLimit';
import { toolCallLimit } from '../../src/core/guards/toolCallLimit';
import { validationLimit } from '../../src/core/guards/validationLimit';
import { wallClockLimit } from '../../src/core/guards/wallClockLimit';
import type { PriceFact } from '../../src/core/modelFacts';
import type { ModelClient, ModelStreamEvent } from '../../src/core/ports';
import type { SessionState } from '../../src/core/session';
import { SessionService } from '../../src/core/sessionService';
import { offeredTools } from '../../src/core/tools/toolPolicy';
import type { CheckedCall } from '../../src/core/tools/toolSpecs';
import { toolSpec } from '../../src/core/tools/toolSpecs';
import type { AgentTools } from '../../src/core/toolStep';
import type { ToolCallItem } from '../../src/core/turnItems';
import { toolCalls } from '../../src/core/turnItems';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { MemoryStore } from '../support/memoryStore';
import { median, ms } from './stats';

const STEPS = 500;
const TARGET_MS = 0.5;
const PRICE: PriceFact = { price: { input: 2.5, output: 10 }, source: { kind: 'settings' } };
/** Every limit set, none near: the guards do all their work and never trip. */
const BUDGET: Budget = {
  maxToolCalls: 100_000,
  maxValidationRuns: 10_000,
  maxChangedFiles: 100_000,
  maxMinutes: 10_000,
  maxTokens: 1_000_000_000,
  maxCostUsd: 100_000,
  maxRepeats: 3,
  readScope: ['src/', 'test/**/*.test.ts'],
  summaryBullets: 3,
};

/** Step n's call: mostly reads, a search or a listing now and then, an edit every 10th, a validation every 25th. */
function stepCall(n: number): { name: string; args: unknown } {
  if (n % 25 === 0) return { name: 'run_validation', args: {} };
  if (n % 10 === 0) return { name: 'edit_file', args: { path: `src/f${n}.ts`, search: 'x = 1', replace: 'x = 2' } };
  if (n % 7 === 0) return { name: 'search_text', args: { pattern: `handler${n}`, path: 'src' } };
  if (n % 11 === 0) return { name: 'list_dir', args: { path: `src/m${n % 13}` } };
  return { name: 'read_file', args: { path: `src/f${n}.ts` } };
}

const tools: AgentTools = {
  root: '/w',
  files: {
    target: async (p) => ({ rel: p, abs: `/w/${p}`, exists: true }),
    run: async (c) =>
      c.name === 'edit_file'
        ? { ok: true, output: 'edited', change: { path: c.args.path, created: false, diff: '-x = 1\n+x = 2\n' } }
        : { ok: true, output: 'export const x = 1;\n'.repeat(20) },
  },
  commands: {
    run: async (argv) => ({ argv, exitCode: 0, timedOut: false, output: 'ok', truncated: false, durationMs: 1 }),
  },
  validation: { commands: [['npm', 'test']], timeoutMs: 1000, outputCap: 1000 },
  command: { timeoutMs: 1000, outputCap: 1000 },
};

/**
 * A Builder turn of `steps` tool steps under BUDGET (the edits validated after each, as the runner does).
 * Returns the state as the next request saw it (the turn still streaming) and the runner's step gaps.
 */
async function turnOf(steps: number): Promise<{ state: SessionState; gaps: number[] }> {
  const stamps: number[] = [];
  let atLast: SessionState | undefined;
  let n = 0;
  const client: ModelClient = {
    async *stream() {
      stamps.push(performance.now());
      if (++n > steps) {
        atLast = svc.get('bench-guards');
        yield* [
          { kind: 'delta', text: 'Done.' },
          { kind: 'finish', reason: 'stop' },
        ] as ModelStreamEvent[];
        return;
      }
      const { name, args } = stepCall(n);
      const note = n === 1 ? '- the totals\n- the taxes\n- the rounding\n' : `Step ${n}: ${name}.\n`;
      yield { kind: 'delta', text: note };
      yield { kind: 'tool_call', call: { id: `call_${n}`, name, arguments: JSON.stringify(args) } };
      yield { kind: 'usage', usage: { promptTokens: 1000 + n * 50, completionTokens: 20, totalTokens: 1020 + n * 50 } };
      yield { kind: 'finish', reason: 'tool_calls' };
    },
  };
  const svc: SessionService = new SessionService({
    store: new MemoryStore(),
    counter: createTiktokenCounter(packageRanks),
    newSessionId: () => 'bench-guards',
    clientFor: async () => client,
    toolsFor: () => tools,
    limits: { maxSteps: steps + 10, maxRefusals: 3 },
    priceFor: () => PRICE,
  });
  await svc.create({
    sessionType: 'builder',
    title: 'bench',
    model: 'gpt-4o',
    endpointHost: 'h',
    systemPrompt: 'You are Builder.',
    root: '/w',
    budget: BUDGET,
  });
  await svc.send('bench-guards', 'read every file');
  const turn = svc.get('bench-guards')!.turns[0];
  await svc.dispose();
  const ran = toolCalls(turn.items).filter((c) => c.status === 'done').length;
  if (turn.status !== 'done' || ran !== steps || !atLast)
    throw new Error(`the bench turn ended ${turn.status} (${turn.halt?.message ?? ''}) after ${ran} of ${steps} calls`);
  return { state: atLast, gaps: stamps.slice(1).map((t, i) => t - stamps[i]) };
}

/** Median ms of one call of `fn`, timed in batches (one call is below the clock's resolution). */
function perCall(fn: () => unknown, batch = 200, samples = 61): number {
  for (let i = 0; i < batch; i++) fn(); // warm up
  (globalThis as { gc?: () => void }).gc?.();
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    times.push((performance.now() - t0) / batch);
  }
  return median(times);
}

const nextCall = (name: string, args: unknown): { item: ToolCallItem; checked: CheckedCall } => ({
  item: { kind: 'tool', callId: 'next', name, arguments: JSON.stringify(args), status: 'requested' },
  checked: { name, args } as CheckedCall,
});

/** The next call the guards judge: a read (the common step) and an edit (two more guards). */
const read = nextCall('read_file', { path: 'src/next.ts' });
const edit = nextCall('edit_file', { path: 'src/next.ts', search: 'a', replace: 'b' });

/** beforeTool of the next call and beforeRequest after it, on `state` (its one turn streaming). */
function guardStep(state: SessionState, next: typeof read): () => void {
  const turn = state.turns[0];
  const clock: GuardClock = { now: Date.now(), price: PRICE };
  const reserve = reserveOf(state, contextOf(state, turn.id), offeredTools(state).map(toolSpec));
  return () => {
    beforeTool(state, turn, next.item, next.checked, 'src/next.ts', clock);
    beforeRequest(state, turn, clock, reserve);
  };
}

/** Guard checks per tool step at 500 steps, against 50 steps, a runner step and building the next request. */
export async function benchGuardChecks(): Promise<void> {
  const at50 = perCall(guardStep((await turnOf(50)).state, read));
  const { state, gaps } = await turnOf(STEPS);
  const turn = state.turns[0];
  const clock: GuardClock = { now: Date.now(), price: PRICE };
  const specs = offeredTools(state).map(toolSpec);
  const reserve = reserveOf(state, contextOf(state, turn.id), specs);
  const budget = state.budget;
  const guards = perCall(guardStep(state, read));
  const withEdit = perCall(guardStep(state, edit));
  const nextRequest = perCall(() => reserveOf(state, contextOf(state, turn.id), specs), 20, 31);
  const step = median(gaps.slice(-50));
  const parts: Array<[string, () => unknown]> = [
    ['wallClock', () => wallClockLimit(turn, budget, clock.now)],
    ['readScope', () => readScopeCheck(state, budget, 'read_file', 'src/next.ts')],
    ['readScope(out)', () => readScopeCheck(state, budget, 'read_file', 'docs/x.md')],
    ['summaryFirst', () => summaryFirst(state, budget)],
    ['repeat', () => repeatLimit(state, budget, read.item)],
    ['toolCalls', () => toolCallLimit(state, budget)],
    ['changedFiles', () => changedFilesLimit(state, budget, 'src/next.ts')],
    ['validation', () => validationLimit(state, budget)],
    ['tokens', () => tokenLimit(state, budget, reserve)],
    ['cost', () => costLimit(state, budget, PRICE, reserve)],
  ];
  const verdict = (t: number) => (t <= TARGET_MS ? 'PASS' : 'MISS');
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
  const calls = toolCalls(turn.items).length;
  console.log(`guard checks per tool step at ${calls} steps (every limit set, none tripped; median):`);
  console.log(
    `  beforeTool + beforeRequest, a read_file step: ${ms(guards)} — ${verdict(guards)}; an edit_file step: ${ms(withEdit)} — ` +
      `${verdict(withEdit)} (target <= ${TARGET_MS} ms); a read_file step at 50 steps: ${ms(at50)} (at 500: x${(guards / at50).toFixed(1)})`,
  );
  console.log(
    `  share of one runner step at ${STEPS} steps (in memory, last 50): ${pct(guards, step)} of ${ms(step)}; ` +
      `of building the next request (contextOf + reserveOf): ${pct(guards, nextRequest)} of ${ms(nextRequest)}`,
  );
  console.log(`  per guard: ${parts.map(([label, fn]) => `${label} ${ms(perCall(fn))}`).join(', ')}`);
}
