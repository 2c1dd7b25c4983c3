/**
 * The hub of our sessions: loads, creates, renames and deletes their logs, and appends every event
 * (persist, then fold, then tell the listeners). Running a turn is AgentTurns' part; it writes through here.
 */
import type { Budget, LimitKey } from './budget';
import { cleanBudget } from './budget';
import type { LogHolder, OpenedLog, SessionStore } from './ports';
import { LOG_SCHEMA } from './sessionEvents';
import type { SessionState } from './session';
import { emptySession } from './session';
import { readOnlyMessage } from './readOnly';
import { recoveryEvents } from './crashRecovery';
import type { AgentTurnDeps, TurnHub } from './agentTurns';
import { AgentTurns } from './agentTurns';
import { Compactor } from './compaction/compactor';
import type { Live, Writable } from './liveSessions';
import { LiveSessions } from './liveSessions';
import type { NewSession, RecoveryReport } from './sessionSpecs';
import { emptyReport } from './sessionSpecs';

export type { NewSession, RecoveryReport } from './sessionSpecs';

export interface SessionServiceDeps extends AgentTurnDeps {
  store: SessionStore;
  newSessionId(): string;
  /** The compaction summarizer's model (setting); undefined: the session's own. */
  summarizerModel?(state: SessionState): string | undefined;
  /** A model's context window when known (the summarizer's request is cut to fit). */
  windowOf?(state: SessionState, model: string): number | undefined;
}

/** Owns every session of ours: appends events (persist, then fold, then tell); its turns run in AgentTurns. */
export class SessionService {
  private readonly live = new LiveSessions();
  /** Ids whose log create() is making: a load running meanwhile must not try to open them. */
  private readonly creating = new Set<string>();
  /** loadAll, takeOver and dispose run one at a time: two never open the same log at once. */
  private loading: Promise<unknown> = Promise.resolve();
  private indexing: Promise<unknown> = Promise.resolve();
  private disposing?: Promise<void>;

  private readonly turns: AgentTurns;
  private readonly compactor: Compactor;

  constructor(private readonly deps: SessionServiceDeps) {
    const hub: TurnHub = {
      writable: (id) => this.live.writable(id),
      find: (id) => this.live.find(id),
      canWrite: (session) => !(session as Live).readOnly && !!(session as Live).log,
      append: (session, payload) => this.live.append(session as Writable, payload),
      emit: (state) => this.live.emit(state),
      create: (spec) => this.create(spec),
    };
    this.turns = new AgentTurns(hub, deps);
    this.compactor = new Compactor(hub, { ...deps, newProposalId: () => deps.newSessionId() });
  }

  /** Asks the summarizer for a compaction and records it as a proposal; the context is not touched yet. */
  proposeCompaction(sessionId: string, options?: { focus?: string; signal?: AbortSignal }): Promise<void> {
    return this.compactor.propose(sessionId, options);
  }

  /** Replaces the model's context with the proposal's summary, as the user kept it (the log keeps all). */
  applyCompaction(sessionId: string, proposalId: string, text?: string): Promise<void> {
    return this.compactor.apply(sessionId, proposalId, text);
  }

  discardCompaction(sessionId: string, proposalId: string): Promise<void> {
    return this.compactor.discard(sessionId, proposalId);
  }

  onDidChange(listener: (state: SessionState) => void): () => void {
    return this.live.onDidChange(listener);
  }

  onDidRemove(listener: (id: string) => void): () => void {
    return this.live.onDidRemove(listener);
  }

  get(id: string): SessionState | undefined {
    return this.live.find(id)?.state;
  }

  /** Newest activity first. */
  all(): SessionState[] {
    return this.live.all();
  }

  isBusy(id: string): boolean {
    return this.live.find(id)?.abort !== undefined;
  }

  /** Who writes this session's log when it is not us (it is shown read-only here), else undefined. */
  readOnly(id: string): LogHolder | undefined {
    return this.live.find(id)?.readOnly;
  }

  /**
   * Opens every log; a turn left streaming by a dead host is marked interrupted, on disk first. A log
   * another live window writes is loaded read-only (nothing is appended to it); calling this again
   * re-reads those, and takes one over as ours once its lock is free.
   */
  loadAll(): Promise<RecoveryReport[]> {
    return this.serial(async () => {
      if (this.disposing) return [];
      const reports: RecoveryReport[] = [];
      const ids = await this.deps.store.list();
      for (const id of ids) {
        if (this.creating.has(id)) continue; // ours, being created right now (not yet in `live`)
        const report = await this.load(id);
        if (report) reports.push(report);
      }
      for (const [id, live] of [...this.live.entries()]) {
        if (live.readOnly && !ids.includes(id)) this.live.forget(id); // deleted in the other window
      }
      return reports;
    });
  }

  /**
   * Take Over (the user confirmed, naming the window): breaks the lock of the window shown as writing
   * this session and loads it as ours. Throws, naming the holder, if it is still not ours after that.
   */
  takeOver(sessionId: string): Promise<RecoveryReport | undefined> {
    return this.serial(async () => {
      const live = this.live.require(sessionId);
      if (!live.readOnly) return undefined;
      await this.deps.store.breakLock(sessionId, live.readOnly);
      const report = await this.load(sessionId);
      if (live.readOnly || !live.log) throw new Error(readOnlyMessage(live.state.title, live.readOnly));
      return report;
    });
  }

  /** Opens one log, or re-reads it while another window writes it; returns what there is to tell. */
  private async load(id: string): Promise<RecoveryReport | undefined> {
    const existing = this.live.find(id);
    if (existing && !existing.readOnly) return undefined;
    let opened: OpenedLog;
    try {
      opened = await this.deps.store.open(id);
    } catch (error) {
      // one unreadable log must not hide the others
      const message = error instanceof Error ? error.message : String(error);
      return { ...emptyReport(id, existing?.state.title ?? id), error: message };
    }
    const live = existing ?? { state: emptySession() };
    this.live.adopt(id, live, opened);
    const { tornBytes, droppedLines, seqGaps, seqRepeats } = opened.recovery;
    const { unknownRecords } = live.state;
    if (live.readOnly) {
      this.live.emit(live.state);
      const recovered = { droppedLines, seqGaps, seqRepeats, unknownRecords, readOnly: live.readOnly };
      return existing ? undefined : { ...emptyReport(id, live.state.title), ...recovered };
    }
    let interruptedTurns = 0;
    for (const payload of recoveryEvents(live.state)) {
      if (payload.type === 'turn_interrupted') interruptedTurns++;
      await this.live.append(live as Writable, payload);
    }
    this.live.emit(live.state);
    if (!(tornBytes || droppedLines || seqGaps || seqRepeats || interruptedTurns || unknownRecords)) return undefined;
    const title = live.state.title;
    return { sessionId: id, title, tornBytes, droppedLines, seqGaps, seqRepeats, interruptedTurns, unknownRecords };
  }

  async create(spec: NewSession): Promise<SessionState> {
    const id = this.deps.newSessionId();
    this.creating.add(id);
    let live: Writable;
    try {
      live = { state: emptySession(), log: await this.deps.store.create(id) };
      this.live.set(id, live);
    } finally {
      this.creating.delete(id);
    }
    const { root, rules, review, budget, ...rest } = spec;
    await this.live.append(live, {
      type: 'session_created',
      sessionId: id,
      source: 'own',
      schema: LOG_SCHEMA,
      ...rest,
      ...(root ? { root } : {}),
      ...(rules?.length ? { rules } : {}),
      ...(review ? { review } : {}),
    });
    const limits = budget && cleanBudget(budget);
    if (limits && Object.keys(limits).length)
      await this.live.append(live, { type: 'budget_set', budget: limits, source: 'settings' });
    await this.saveIndex();
    return live.state;
  }

  /** Sends a message and runs the turn; resolves when it has ended or waits for an approval (on disk either way). */
  send(sessionId: string, text: string): Promise<void> {
    return this.turns.send(sessionId, text);
  }

  /** The user's answer to a pending approval; the turn goes on from where it waited. */
  decide(sessionId: string, callId: string, answer: 'approve' | 'approve_always' | 'deny'): Promise<void> {
    return this.turns.decide(sessionId, callId, answer);
  }

  setPlanMode(sessionId: string, on: boolean): Promise<void> {
    return this.turns.setPlanMode(sessionId, on);
  }

  setBudget(sessionId: string, budget: Budget): Promise<void> {
    return this.turns.setBudget(sessionId, budget);
  }

  /** A turn a budget limit stopped goes on with the limit raised (recorded first). */
  raiseAndContinue(sessionId: string, turnId: string, key: LimitKey, value: number): Promise<void> {
    return this.turns.raiseAndContinue(sessionId, turnId, key, value);
  }

  /** After two failed validation rounds, the turn goes on with the escalation model. */
  escalate(sessionId: string, turnId: string): Promise<void> {
    return this.turns.escalate(sessionId, turnId);
  }

  /** Sends the user text of an earlier turn again as a new turn; the old turn and its partial text stay. */
  resend(sessionId: string, turnId: string): Promise<void> {
    return this.turns.resend(sessionId, turnId);
  }

  /** Stops the running turn; a turn waiting for an approval is ended too (its call denied, on disk). */
  stop(sessionId: string): void {
    this.turns.stop(sessionId);
  }

  async rename(sessionId: string, title: string): Promise<void> {
    const clean = title.trim();
    if (!clean) throw new Error('A session title cannot be empty.');
    await this.live.append(this.live.writable(sessionId), { type: 'renamed', title: clean });
    await this.saveIndex();
  }

  /**
   * Deletes the session's log (to the trash unless `permanent`). The caller has asked the user, naming
   * the session. If the store cannot (e.g. TrashUnavailableError), the session is reopened and kept.
   */
  async delete(sessionId: string, options?: { permanent?: boolean }): Promise<void> {
    const live = this.live.writable(sessionId);
    live.abort?.abort();
    await live.log.close();
    try {
      await this.deps.store.delete(sessionId, options);
    } catch (error) {
      await this.reopenAfterFailedDelete(sessionId, live);
      throw error; // the delete's own error, never one of the reopen
    }
    this.live.forget(sessionId);
    await this.saveIndex();
  }

  /** Closes every log (releasing its lock) once; a second call returns the same promise. */
  dispose(): Promise<void> {
    for (const [, live] of this.live.entries()) live.abort?.abort();
    this.disposing ??= this.serial(async () => {
      for (const [, live] of [...this.live.entries()]) await live.log?.close().catch(() => undefined);
    });
    return this.disposing;
  }

  /** Keeps the session when its log is still there; forgets it when the failed delete already moved it away. */
  private async reopenAfterFailedDelete(sessionId: string, live: Live): Promise<void> {
    try {
      this.live.adopt(sessionId, live, await this.deps.store.open(sessionId));
      this.live.emit(live.state);
      return;
    } catch {
      live.log = undefined; // closed above; nothing of ours writes it now
    }
    const ids = await this.deps.store.list().catch(() => [sessionId]);
    if (ids.includes(sessionId)) return;
    this.live.forget(sessionId);
    await this.saveIndex().catch(() => undefined);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.loading.then(task);
    this.loading = result.catch(() => undefined);
    return result;
  }

  /** One index write at a time, each of the sessions as they are when it starts (the last one wins). */
  private saveIndex(): Promise<void> {
    const entries = () => this.all().map((s) => ({ id: s.id, title: s.title, createdAt: s.createdAt }));
    const result = this.indexing.then(() => this.deps.store.writeIndex(entries()));
    this.indexing = result.catch(() => undefined);
    return result;
  }
}
