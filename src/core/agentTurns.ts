/**
 * Runs a session's agent turns: sends a message (with its context estimate), answers a pending approval,
 * sets plan mode, resends an earlier turn, stops a turn. It writes through the hub it is given.
 */
import { redactSecrets } from './transcripts/redact';
import { estimateNextPrompt, unmeasuredReplyText } from './contextEstimate';
import { reviewText, rulesText, systemText } from './contextOf';
import { encodingFor } from './contextWindow';
import type { ModelClient, TokenCounter } from './ports';
import { ModelError } from './ports';
import type { SessionEventPayload } from './sessionEvents';
import type { SessionState } from './session';
import type { LoopLimits } from './agentLoop';
import { DEFAULT_LIMITS, runAgentTurn } from './agentLoop';
import type { AgentTools } from './toolStep';
import type { Budget, LimitKey } from './budget';
import { cleanBudget, isLimitValue, LIMIT_LABELS, withTaskBudget } from './budget';
import type { TaskBudget } from './budgetBlock';
import { parseTaskBudget } from './budgetBlock';
import { shown } from './guards/verdict';
import type { PriceFact } from './modelFacts';
import type { NewSession } from './sessionService';
import type { Remaining, ScoutAnswer, ScoutPort } from './subSession';
import { costSpent, tokensSpent, toolCallsRun, turnMinutes } from './guards/budgetUse';
import { childSpec, mayAskScout, nothingLeft, scoutAnswer } from './subSession';

export interface AgentTurnDeps {
  counter: TokenCounter;
  /**
   * The client for the current endpoint settings, or a ModelError('not_configured' | 'auth', ...)
   * explaining why not.
   */
  clientFor(state: SessionState): Promise<ModelClient | ModelError>;
  /** The tools for this session now, or undefined (no root, Restricted Mode): then it runs as chat. */
  toolsFor?(state: SessionState): AgentTools | undefined;
  limits?: LoopLimits;
  /** Epoch milliseconds now (default Date.now): the wall-clock guard's clock. */
  now?(): number;
  /** The session model's price for the US$ guard; undefined when unknown. */
  priceFor?(state: SessionState): Promise<PriceFact | undefined> | PriceFact | undefined;
  /** The model a session moves to after two failed validation rounds; undefined when none is set. */
  escalationModel?(state: SessionState): string | undefined;
  /** A Scout sub-session's spec for ask_scout (model, budget from settings); absent: no ask_scout. */
  scoutSpec?(parent: SessionState, question: string): Promise<NewSession> | NewSession;
}

/** A session as the hub holds it: its state, and the abort controller of the turn running in it. */
export interface TurnSession {
  state: SessionState;
  abort?: AbortController;
}

/** What a turn needs of the session hub. */
export interface TurnHub {
  /** The session, if this window may write it; otherwise throws a message saying which window does. */
  writable(sessionId: string): TurnSession;
  /** The session, read-only or not; undefined when unknown. */
  find(sessionId: string): TurnSession | undefined;
  /** Whether this window may append to the session now. */
  canWrite(session: TurnSession): boolean;
  /** Persists the event, folds it into the session's state, tells the listeners. */
  append(session: TurnSession, payload: SessionEventPayload): Promise<void>;
  /** Tells the listeners the session's state. */
  emit(state: SessionState): void;
  /** Creates a session (a sub-session for ask_scout). */
  create(spec: NewSession): Promise<SessionState>;
}

export class AgentTurns {
  constructor(
    private readonly hub: TurnHub,
    private readonly deps: AgentTurnDeps,
  ) {}

  /** Sends a message and runs the turn; resolves when it has ended or waits for an approval (on disk either way). */
  async send(sessionId: string, text: string): Promise<void> {
    const live = this.hub.writable(sessionId);
    if (live.abort) throw new Error(`"${redactSecrets(live.state.title)}" is still replying; stop it or wait.`);
    if (awaitingTurn(live.state))
      throw new Error(`"${redactSecrets(live.state.title)}" waits for your approval; approve or deny it first.`);
    const turnId = `t${live.state.turns.length + 1}`;
    await this.drive(live, turnId, async () => {
      const task = parseTaskBudget(text);
      if (task)
        await this.hub.append(live, {
          type: 'budget_set',
          budget: withTaskBudget(live.state.budget, task),
          source: 'task',
          notes: taskNotes(task),
        });
      const estimate = await this.estimate(live.state, text);
      await this.hub.append(live, { type: 'user_message', turnId, text, estimate });
    });
  }

  /** The user's answer to a pending approval; the turn goes on from where it waited. */
  async decide(sessionId: string, callId: string, answer: 'approve' | 'approve_always' | 'deny'): Promise<void> {
    const live = this.hub.writable(sessionId);
    const turn = awaitingTurn(live.state);
    const call = turn?.items.find((i) => i.kind === 'tool' && i.callId === callId && i.status === 'awaiting_approval');
    if (!turn || !call || live.abort) throw new Error('That approval is no longer pending.');
    await this.drive(live, turn.id, () =>
      this.hub.append(
        live,
        answer === 'deny'
          ? { type: 'approval_denied', turnId: turn.id, callId }
          : { type: 'approval_granted', turnId: turn.id, callId, remember: answer === 'approve_always' },
      ),
    );
  }

  async setPlanMode(sessionId: string, on: boolean): Promise<void> {
    const live = this.hub.writable(sessionId);
    if (live.state.planMode !== on) await this.hub.append(live, { type: 'plan_mode_set', on });
  }

  /** The session's budget from now on (the tab's edit); checked field by field, whole. */
  async setBudget(sessionId: string, budget: Budget): Promise<void> {
    const live = this.hub.writable(sessionId);
    await this.hub.append(live, {
      type: 'budget_set',
      budget: cleanBudget(budget),
      source: 'user',
      notes: live.state.budgetNotes,
    });
  }

  /** A turn a budget limit stopped goes on with the limit raised to `value` (both on disk before it runs). */
  async raiseAndContinue(sessionId: string, turnId: string, key: LimitKey, value: number): Promise<void> {
    const live = this.hub.writable(sessionId);
    const turn = live.state.turns[live.state.turns.length - 1];
    const limit = turn?.id === turnId && turn.status === 'halted' ? turn.halt?.limit : undefined;
    if (!limit || limit.key !== key || live.abort)
      throw new Error('That stop is no longer the last thing in this session.');
    if (!isLimitValue(key, value) || value < limit.used)
      throw new Error(`${LIMIT_LABELS[key]} must be at least ${shown(key, limit.used)} for the turn to go on.`);
    const budget = { ...live.state.budget, [key]: value };
    await this.drive(live, turnId, async () => {
      await this.hub.append(live, { type: 'budget_set', budget, source: 'raise', notes: live.state.budgetNotes });
      await this.hub.append(live, { type: 'turn_resumed', turnId, reason: raisedWords(key, value) });
    });
  }

  /** After two failed validation rounds: the turn goes on with the escalation model. */
  async escalate(sessionId: string, turnId: string): Promise<void> {
    const live = this.hub.writable(sessionId);
    const turn = live.state.turns[live.state.turns.length - 1];
    const model = this.deps.escalationModel?.(live.state);
    if (turn?.id !== turnId || turn.status !== 'halted' || turn.halt?.guard !== 'validation_failed_twice' || live.abort)
      throw new Error('That stop is no longer the last thing in this session.');
    if (!model) throw new Error('No escalation model is set (agentSessions.models.escalation).');
    if (model === live.state.model) throw new Error(`This session already runs on ${model}.`);
    await this.drive(live, turnId, async () => {
      await this.hub.append(live, { type: 'model_changed', model, reason: 'escalation' });
      await this.hub.append(live, { type: 'turn_resumed', turnId, reason: escalatedWords(model) });
    });
  }

  /** Sends the user text of an earlier turn again as a new turn; the old turn and its partial text stay. */
  async resend(sessionId: string, turnId: string): Promise<void> {
    const turn = this.hub.writable(sessionId).state.turns.find((t) => t.id === turnId);
    if (!turn) throw new Error(`No turn ${turnId} in this session.`);
    await this.send(sessionId, turn.userText);
  }

  /** Stops the running turn; a turn waiting for an approval is ended too (its call denied, on disk). */
  stop(sessionId: string): void {
    const live = this.hub.find(sessionId);
    if (live?.abort) return live.abort.abort();
    const turn = live && this.hub.canWrite(live) ? awaitingTurn(live.state) : undefined;
    if (!live || !turn) return;
    void (async () => {
      for (const item of turn.items)
        if (item.kind === 'tool' && item.status === 'awaiting_approval')
          await this.hub.append(live, { type: 'approval_denied', turnId: turn.id, callId: item.callId });
      await this.hub.append(live, { type: 'turn_stopped', turnId: turn.id });
    })().catch(() => undefined);
  }

  /** Runs `start` (which records what begins the work), then the loop, with one abort controller. */
  private async drive(live: TurnSession, turnId: string, start: () => Promise<void>): Promise<void> {
    const abort = new AbortController();
    live.abort = abort;
    try {
      await start();
      const client = await this.deps.clientFor(live.state);
      if (client instanceof ModelError) {
        await this.hub.append(live, { type: 'turn_failed', turnId, kind: client.kind, message: client.message });
        return;
      }
      const deps = {
        client,
        tools: this.toolsOf(live),
        state: () => live.state,
        record: (payload: SessionEventPayload) => this.hub.append(live, payload),
        signal: abort.signal,
        limits: this.deps.limits ?? DEFAULT_LIMITS,
        now: this.deps.now ?? Date.now,
        price: this.deps.priceFor,
      };
      await runAgentTurn(deps, turnId);
    } finally {
      live.abort = undefined;
      this.hub.emit(live.state);
    }
  }

  /** The session's tools, with ask_scout's port where it may start a Scout. */
  private toolsOf(live: TurnSession): AgentTools | undefined {
    const tools = this.deps.toolsFor?.(live.state);
    if (!tools || !this.deps.scoutSpec || !mayAskScout(live.state)) return tools;
    const scout: ScoutPort = { ask: (question, callId, signal) => this.askScout(live, question, callId, signal) };
    return { ...tools, scout };
  }

  /** Runs a fresh Scout session on the question (its own log, under the asking one); returns its final answer. */
  private async askScout(
    live: TurnSession,
    question: string,
    callId: string,
    signal: AbortSignal,
  ): Promise<ScoutAnswer> {
    const left = await this.remaining(live.state, callId);
    const empty = nothingLeft(left);
    if (empty) return { sessionId: '', ok: false, answer: empty, spend: { tokens: 0 } };
    let child: SessionState;
    try {
      child = await this.hub.create(
        childSpec(live.state, callId, await this.deps.scoutSpec!(live.state, question), left),
      );
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { sessionId: '', ok: false, answer: `The Scout session could not start: ${why}`, spend: { tokens: 0 } };
    }
    const stop = () => this.stop(child.id);
    signal.addEventListener('abort', stop, { once: true });
    try {
      if (!signal.aborted) await this.send(child.id, question);
    } catch {
      // the Scout's own log says what went wrong (scoutAnswer reads it); the asking turn goes on
    } finally {
      signal.removeEventListener('abort', stop);
    }
    const done = this.hub.find(child.id)?.state ?? child;
    const usd = costSpent(done, await this.deps.priceFor?.(done));
    const spend = { tokens: tokensSpent(done), ...(usd.known ? { usd: usd.usd } : {}) };
    return scoutAnswer(done, spend);
  }

  /** What is left of a session's limits now, for a Scout asked by `callId` (running, so counted). */
  private async remaining(state: SessionState, callId: string): Promise<Remaining> {
    const { maxTokens, maxCostUsd, maxToolCalls, maxMinutes } = state.budget;
    const left: Remaining = {};
    if (maxTokens !== undefined) left.tokens = maxTokens - tokensSpent(state);
    if (maxToolCalls !== undefined) left.toolCalls = maxToolCalls - toolCallsRun(state);
    const turn = state.turns.find((t) => t.items.some((i) => i.kind === 'tool' && i.callId === callId));
    const now = (this.deps.now ?? Date.now)();
    if (maxMinutes !== undefined && turn) left.minutes = maxMinutes - turnMinutes(turn, now);
    if (maxCostUsd !== undefined) {
      const cost = costSpent(state, await this.deps.priceFor?.(state));
      left.usd = cost.known ? maxCostUsd - cost.usd : 0; // unknown: the parent's own next request would stop
    }
    return left;
  }

  /** The size of the next prompt with `text` added, as the user message records it. */
  private async estimate(state: SessionState, text: string) {
    const model = state.model;
    const count = async (s: string) => (s ? (await this.deps.counter.count(s, model)).tokens : 0);
    const systemTokens = await count(systemText(state));
    const rulesTokens = await count(rulesText(state));
    // a Reviewer's diff goes first in the first request
    const seed = state.review && state.turns.length === 0 ? await count(reviewText(state.review)) : 0;
    const newMessageTokens = (await count(text)) + seed;
    const unmeasuredReplyTokens = await count(unmeasuredReplyText(state));
    const counts = { systemTokens, newMessageTokens, unmeasuredReplyTokens };
    const estimate = estimateNextPrompt(state, counts, encodingFor(model));
    return rulesTokens ? { ...estimate, rulesTokens } : estimate;
  }
}

/** What the tab says of a task's budget block: the bullets that set no limit. */
function taskNotes(task: TaskBudget): string[] {
  return task.unread.map((line) => `Not enforced (advice to the model only): ${line}`);
}

const raisedWords = (key: LimitKey, value: number) =>
  `The user raised the limit (${LIMIT_LABELS[key]}: ${shown(key, value)}); go on with the task.`;
const escalatedWords = (model: string) =>
  `Validation failed twice; the user moved this session to ${model}. Read the failure above and fix it.`;

function awaitingTurn(state: SessionState) {
  return state.turns.find((t) => t.status === 'awaiting_approval');
}
