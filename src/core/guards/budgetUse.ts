import { priceAt } from '../datasetPrice';
import type { PriceFact } from '../modelFacts';
import { ownCost } from '../ownCost';
import type { SessionState, Turn } from '../session';
import { estimatedTokens, spentTokens } from '../spendFold';
import { costOf } from '../transcripts/pricing';
import { runMsAt } from '../turnClock';
import type { ToolCallItem } from '../turnItems';

/**
 * What a session has used of each limit, read from its fold alone (pure: the guards and the tab's meters
 * count the same way). Counts are over the whole session.
 */

/** Calls that ran or were let through to run (refused, denied and pending calls did not). */
const RAN: ReadonlySet<ToolCallItem['status']> = new Set(['done', 'failed', 'running', 'lost']);

/** A plain loop: V8's flatMap is an order of magnitude slower, and the guards call this on every step. */
export function allCalls(state: SessionState): ToolCallItem[] {
  const calls: ToolCallItem[] = [];
  for (const turn of state.turns) for (const item of turn.items) if (item.kind === 'tool') calls.push(item);
  return calls;
}

export function toolCallsRun(state: SessionState): number {
  return allCalls(state).filter((c) => RAN.has(c.status)).length;
}

/** Validation rounds that ran commands (automatic or the model's run_validation). */
export function validationRuns(state: SessionState): number {
  let n = 0;
  for (const turn of state.turns)
    for (const item of turn.items) if (item.kind === 'validation' && item.steps.length) n++;
  return n;
}

/** The distinct files the session's edits changed. */
export function changedFiles(state: SessionState): Set<string> {
  const files = new Set<string>();
  for (const call of allCalls(state)) if (call.status === 'done' && call.change) files.add(call.change.path);
  return files;
}

/** The same tool with the same arguments: JSON arguments compare by value, key order aside. */
export function callKey(name: string, args: string): string {
  try {
    return `${name}\u0000${stable(JSON.parse(args))}`;
  } catch {
    return `${name}\u0000${args}`;
  }
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * How many calls in a row, ending with `call` (the one being checked), are the same call; calls that were
 * refused before they ran are skipped (they did nothing), any other call breaks the run.
 */
export function repeatStreak(state: SessionState, call: ToolCallItem): number {
  const key = callKey(call.name, call.arguments);
  const calls = allCalls(state);
  let streak = 1;
  for (let i = calls.length - 1; i >= 0; i--) {
    const c = calls[i];
    if (c.callId === call.callId || c.status === 'refused' || c.status === 'requested') continue;
    if (callKey(c.name, c.arguments) !== key) break;
    streak++;
  }
  return streak;
}

/** Minutes (fractional) a turn has run by `now`, approval waits and stops left out. */
export function turnMinutes(turn: Turn, now: number): number {
  return runMsAt(turn.clock, now) / 60_000;
}

export function tokensSpent(state: SessionState): number {
  return spentTokens(state.spend);
}

/**
 * US$ spent: reported costs, priced usage, and estimated tokens (unreported requests) at the output
 * price (the higher one, so an estimate never undercounts), and what sub-sessions cost. `known` is false when
 * some of it has no price.
 */
export function costSpent(state: SessionState, price: PriceFact | undefined): { usd: number; known: boolean } {
  const cost = ownCost(state, price);
  const estimated = estimatedTokens(state.spend);
  let usd = cost.usd;
  let known = cost.unpriced === 0;
  if (estimated > 0) {
    const rate = perTokenRate(state, price);
    if (rate === undefined) known = false;
    else usd += estimated * rate;
  }
  // sub-sessions (ask_scout) count at what they cost; one whose cost is unknown makes the whole unknown
  for (const call of allCalls(state))
    if (call.subSpend) {
      if (call.subSpend.usd === undefined) known = call.subSpend.tokens === 0 && known;
      else usd += call.subSpend.usd;
    }
  return { usd, known };
}

/**
 * The dearest US$ per token this session can be charged: the price's higher rate, else the dearest rate
 * the endpoint's own reported costs show; undefined when neither is known.
 */
export function perTokenRate(state: SessionState, price: PriceFact | undefined): number | undefined {
  if (price) {
    const p = priceAt(price, undefined);
    const one = (input: number, output: number) =>
      costOf({ input, output, cacheCreation: 0, cacheCreation1h: 0, cacheRead: 0 }, p);
    return Math.max(one(1_000_000, 0), one(0, 1_000_000)) / 1_000_000;
  }
  let rate: number | undefined;
  for (const turn of state.turns)
    for (const u of turn.usages) {
      const tokens = u.promptTokens + u.completionTokens;
      if (u.costUsd !== undefined && tokens > 0) rate = Math.max(rate ?? 0, u.costUsd / tokens);
    }
  return rate;
}

const BULLET = /^\s*(?:[-*•]|\d{1,3}[.)])\s+\S/;

/** Bullet lines the model has written in the session (its summary of findings). */
export function bulletsWritten(state: SessionState): number {
  let n = 0;
  for (const turn of state.turns) for (const line of turn.assistantText.split('\n')) if (BULLET.test(line)) n++;
  return n;
}
