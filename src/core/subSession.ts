import type { SessionState, Turn } from './session';
import type { SubSpend } from './sessionEvents';
import type { NewSession } from './sessionService';
import { SYSTEM_PROMPTS } from './systemPrompts';

/**
 * ask_scout: the agent hands a question to a fresh Scout session with its own log, linked under the asking
 * session; only the Scout's final answer comes back as the call's result (its reads stay in its own log).
 */
export interface ScoutPort {
  ask(question: string, callId: string, signal: AbortSignal): Promise<ScoutAnswer>;
}

export interface ScoutAnswer {
  /** The Scout session that answered (the tab links to it). */
  sessionId: string;
  ok: boolean;
  answer: string;
  /** What the Scout spent: the asking session's token and US$ limits count it. */
  spend: SubSpend;
}

/** What is left of the asking session's limits when it asks (undefined: no such limit). */
export interface Remaining {
  tokens?: number;
  usd?: number;
  toolCalls?: number;
  /** Of the asking turn's minutes: the Scout runs inside them. */
  minutes?: number;
}

/** Why no Scout is started (the asking session has used up a limit it would spend), or undefined. */
export function nothingLeft(left: Remaining): string | undefined {
  const spent = [
    left.tokens !== undefined && left.tokens <= 0 && 'tokens',
    left.usd !== undefined && left.usd <= 0 && 'US$',
    left.toolCalls !== undefined && left.toolCalls <= 0 && 'tool calls',
    left.minutes !== undefined && left.minutes <= 0 && 'minutes',
  ].filter(Boolean);
  if (!spent.length) return undefined;
  return `No Scout was started: this session has no ${spent.join(', ')} left of its budget. Answer with what you have.`;
}

/** Whether a session may start a sub-session: not a Scout (no Scout asks a Scout), not a sub-session itself. */
export function mayAskScout(state: SessionState): boolean {
  return state.sessionType !== 'scout' && !state.parent;
}

/**
 * The Scout's spec with what it inherits forced on it: the parent's folder (its tools are confined there),
 * its rules and endpoint, and its read scope, which the Scout can never widen (see runFold's budget_set). Its
 * token, US$, tool-call and minute limits are at most what the parent has left (`nothingLeft` says when no
 * Scout should start at all).
 */
export function childSpec(parent: SessionState, callId: string, spec: NewSession, left: Remaining = {}): NewSession {
  const scope = parent.budget.readScope;
  const budget = { ...spec.budget };
  if (left.tokens !== undefined) budget.maxTokens = Math.min(budget.maxTokens ?? Infinity, Math.max(1, left.tokens));
  if (left.usd !== undefined) budget.maxCostUsd = Math.min(budget.maxCostUsd ?? Infinity, Math.max(1e-6, left.usd));
  if (left.toolCalls !== undefined)
    budget.maxToolCalls = Math.min(budget.maxToolCalls ?? Infinity, Math.max(1, Math.floor(left.toolCalls)));
  if (left.minutes !== undefined)
    budget.maxMinutes = Math.min(budget.maxMinutes ?? Infinity, Math.max(0.01, left.minutes));
  return {
    ...spec,
    sessionType: 'scout',
    systemPrompt: SYSTEM_PROMPTS.scout,
    root: parent.root,
    rules: parent.rules,
    endpointHost: parent.endpointHost,
    review: undefined,
    budget: { ...budget, ...(scope ? { readScope: scope } : {}) },
    parent: { sessionId: parent.id, callId, ...(scope ? { readScope: scope } : {}) },
  };
}

/** The text after the turn's last tool call: the answer, not the thinking aloud between reads. */
function finalText(turn: Turn): string {
  const last = turn.items[turn.items.length - 1];
  return last?.kind === 'text' ? last.text.trim() : '';
}

/** What the asking session gets back: the Scout's final answer, or why there is none, and what it spent. */
export function scoutAnswer(child: SessionState, spend: SubSpend): ScoutAnswer {
  const turn = child.turns[child.turns.length - 1];
  const text = turn ? finalText(turn) : '';
  if (turn?.status === 'done' && text) return { sessionId: child.id, ok: true, answer: text, spend };
  const stated = turn?.halt?.message ?? turn?.error?.message ?? (turn ? `it ended ${turn.status}` : 'it did not start');
  // the Scout's own stop says "raise the limit": advice for the user of its tab, not for the asking model
  const why = stated.replace(/\s*Raise the limit to continue\.?$/, '').replace(/\.$/, '');
  const partial = text ? `\nIts last words: ${text}` : '';
  const answer = `The Scout session gave no answer: ${why}.${partial}`;
  return { sessionId: child.id, ok: false, answer, spend };
}
