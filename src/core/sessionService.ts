/**
 * The hub of our sessions: loads, creates, renames and deletes their logs, and appends every event
 * (persist, then fold, then tell the listeners). Running a turn is AgentTurns' part; it writes through here.
 */
import { redactSecrets } from './transcripts/redact';
import type { Budget, LimitKey } from './budget';
import { cleanBudget } from './budget';
import type { SessionType } from '../shared/sessionTypes';
import type { LogHolder, LogRecovery, OpenedLog, SessionLog, SessionStore } from './ports';
import { LogTakenOverError } from './ports';
import type { SessionEventPayload } from './sessionEvents';
import { isDurable } from './sessionEvents';
import type { SessionState } from './session';
import { emptySession, foldSession, reduce } from './session';
import { readOnlyMessage } from './readOnly';
import { StorageError } from './modelStep';
import { recoveryEvents } from './crashRecovery';
import { LOG_SCHEMA } from './sessionEvents';
import type { RulesFile, SubSessionParent } from './sessionEvents';
import type { AgentTurnDeps, TurnHub } from './agentTurns';
import { AgentTurns } from './agentTurns';
import { Compactor } from './compaction/compactor';

export interface SessionServiceDeps extends AgentTurnDeps {
  store: SessionStore;
  newSessionId(): string;
  /** The compaction summarizer's model (setting); undefined: the session's own. */
  summarizerModel?(state: SessionState): string | undefined;
  /** A model's context window when known (the summarizer's request is cut to fit). */
  windowOf?(state: SessionState, model: string): number | undefined;
}

export interface RecoveryReport extends LogRecovery {
  sessionId: string;
  title: string;
  interruptedTurns: number;
  unknownRecords: number;
  /** Set when another live process (VS Code window) writes this log: it was loaded read-only. */
  readOnly?: LogHolder;
  /** Set when the log could not be opened at all; the other sessions still load. */
  error?: string;
}

export interface NewSession {
  sessionType: SessionType;
  title: string;
  model: string;
  endpointHost: string;
  systemPrompt: string;
  /** The folder its tools work in; absent: a chat session. */
  root?: string;
  rules?: RulesFile[];
  review?: { base: string; diff: string };
  /** The session type's default budget (settings); recorded as the first budget_set. */
  budget?: Budget;
  /** A sub-session: who asked (see subSession.ts). */
  parent?: SubSessionParent;
}

interface Live {
  state: SessionState;
  /** Our writer; absent while another process holds the log's lock (then `readOnly` says who). */
  log?: SessionLog;
  readOnly?: LogHolder;
  abort?: AbortController;
}

type Writable = Live & { log: SessionLog };

type Listener = (state: SessionState) => void;

/** Owns every session of ours: appends events (persist, then fold, then tell); its turns run in AgentTurns. */
export class SessionService {
  private readonly live = new Map<string, Live>();
  /** Ids whose log create() is making: a load running meanwhile must not try to open them. */
  private readonly creating = new Set<string>();
  private readonly changeListeners = new Set<Listener>();
  private readonly removeListeners = new Set<(id: string) => void>();
  /** loadAll, takeOver and dispose run one at a time: two never open the same log at once. */
  private loading: Promise<unknown> = Promise.resolve();
  private indexing: Promise<unknown> = Promise.resolve();
  private disposing?: Promise<void>;

  private readonly turns: AgentTurns;
  private readonly compactor: Compactor;

  constructor(private readonly deps: SessionServiceDeps) {
    const hub: TurnHub = {
      writable: (id) => this.writable(id),
      find: (id) => this.live.get(id),
      canWrite: (session) => !(session as Live).readOnly && !!(session as Live).log,
      append: (session, payload) => this.append(session as Writable, payload),
      emit: (state) => this.emit(state),
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

  onDidChange(listener: Listener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onDidRemove(listener: (id: string) => void): () => void {
    this.removeListeners.add(listener);
    return () => this.removeListeners.delete(listener);
  }

  get(id: string): SessionState | undefined {
    return this.live.get(id)?.state;
  }

  /** Newest activity first. */
  all(): SessionState[] {
    return [...this.live.values()].map((l) => l.state).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  isBusy(id: string): boolean {
    return this.live.get(id)?.abort !== undefined;
  }

  /** Who writes this session's log when it is not us (it is shown read-only here), else undefined. */
  readOnly(id: string): LogHolder | undefined {
    return this.live.get(id)?.readOnly;
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
      for (const [id, live] of this.live) {
        if (live.readOnly && !ids.includes(id)) this.forget(id); // deleted in the other window
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
      const live = this.require(sessionId);
      if (!live.readOnly) return undefined;
      await this.deps.store.breakLock(sessionId, live.readOnly);
      const report = await this.load(sessionId);
      if (live.readOnly || !live.log) throw new Error(readOnlyMessage(live.state.title, live.readOnly));
      return report;
    });
  }

  /** Opens one log, or re-reads it while another window writes it; returns what there is to tell. */
  private async load(id: string): Promise<RecoveryReport | undefined> {
    const existing = this.live.get(id);
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
    this.adopt(id, live, opened);
    const { tornBytes, droppedLines, seqGaps, seqRepeats } = opened.recovery;
    const { unknownRecords } = live.state;
    if (live.readOnly) {
      this.emit(live.state);
      const recovered = { droppedLines, seqGaps, seqRepeats, unknownRecords, readOnly: live.readOnly };
      return existing ? undefined : { ...emptyReport(id, live.state.title), ...recovered };
    }
    let interruptedTurns = 0;
    for (const payload of recoveryEvents(live.state)) {
      if (payload.type === 'turn_interrupted') interruptedTurns++;
      await this.append(live as Writable, payload);
    }
    this.emit(live.state);
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
    await this.append(live, {
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
      await this.append(live, { type: 'budget_set', budget: limits, source: 'settings' });
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
    await this.append(this.writable(sessionId), { type: 'renamed', title: clean });
    await this.saveIndex();
  }

  /**
   * Deletes the session's log (to the trash unless `permanent`). The caller has asked the user, naming
   * the session. If the store cannot (e.g. TrashUnavailableError), the session is reopened and kept.
   */
  async delete(sessionId: string, options?: { permanent?: boolean }): Promise<void> {
    const live = this.writable(sessionId);
    live.abort?.abort();
    await live.log.close();
    try {
      await this.deps.store.delete(sessionId, options);
    } catch (error) {
      await this.reopenAfterFailedDelete(sessionId, live);
      throw error; // the delete's own error, never one of the reopen
    }
    this.forget(sessionId);
    await this.saveIndex();
  }

  /** Closes every log (releasing its lock) once; a second call returns the same promise. */
  dispose(): Promise<void> {
    for (const live of this.live.values()) live.abort?.abort();
    this.disposing ??= this.serial(async () => {
      for (const live of this.live.values()) await live.log?.close().catch(() => undefined);
    });
    return this.disposing;
  }

  /** Keeps the session when its log is still there; forgets it when the failed delete already moved it away. */
  private async reopenAfterFailedDelete(sessionId: string, live: Live): Promise<void> {
    try {
      this.adopt(sessionId, live, await this.deps.store.open(sessionId));
      this.emit(live.state);
      return;
    } catch {
      live.log = undefined; // closed above; nothing of ours writes it now
    }
    const ids = await this.deps.store.list().catch(() => [sessionId]);
    if (ids.includes(sessionId)) return;
    this.forget(sessionId);
    await this.saveIndex().catch(() => undefined);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.loading.then(task);
    this.loading = result.catch(() => undefined);
    return result;
  }

  private adopt(id: string, live: Live, opened: OpenedLog): void {
    live.state = foldSession(opened.records);
    if (!live.state.id) live.state = { ...live.state, id };
    live.log = opened.log;
    live.readOnly = opened.readOnly;
    this.live.set(id, live);
  }

  private forget(id: string): void {
    this.live.delete(id);
    for (const listener of this.removeListeners) listener(id);
  }

  /** The session, if this window may write it; otherwise a message saying which window does. */
  private writable(sessionId: string): Writable {
    const live = this.require(sessionId);
    if (live.readOnly || !live.log) throw new Error(readOnlyMessage(live.state.title, live.readOnly));
    return live as Writable;
  }

  private require(sessionId: string): Live {
    const live = this.live.get(sessionId);
    if (!live) throw new Error(`Unknown session ${sessionId}.`);
    return live;
  }

  /** Another window took the log over: stop the reply, let go of the writer, show the session read-only. */
  private lostToOtherWindow(live: Live, holder: LogHolder | undefined): void {
    const log = live.log;
    live.log = undefined;
    live.readOnly = holder ?? { pid: 0, host: '' };
    live.abort?.abort();
    void log?.close().catch(() => undefined); // its lock file is no longer ours: close leaves it alone
    this.emit(live.state);
  }

  /** Persist first (fsync when durable), then fold, then tell. */
  private async append(live: Writable, payload: SessionEventPayload): Promise<void> {
    let event;
    try {
      if (!live.log) throw new Error('it is read-only here');
      event = await live.log.append(payload, { durable: isDurable(payload) });
    } catch (error) {
      if (error instanceof LogTakenOverError) this.lostToOtherWindow(live, error.holder);
      const name = redactSecrets(live.state.title) || live.state.id; // live.log may be gone (taken over, read-only)
      const reason = error instanceof Error ? error.message : String(error);
      throw new StorageError(`Could not save session "${name}": ${reason}`, error);
    }
    live.state = reduce(live.state, event);
    this.emit(live.state);
  }

  private emit(state: SessionState): void {
    for (const listener of this.changeListeners) listener(state);
  }

  /** One index write at a time, each of the sessions as they are when it starts (the last one wins). */
  private saveIndex(): Promise<void> {
    const entries = () => this.all().map((s) => ({ id: s.id, title: s.title, createdAt: s.createdAt }));
    const result = this.indexing.then(() => this.deps.store.writeIndex(entries()));
    this.indexing = result.catch(() => undefined);
    return result;
  }
}

function emptyReport(sessionId: string, title: string): RecoveryReport {
  return {
    sessionId,
    title,
    tornBytes: 0,
    droppedLines: 0,
    seqGaps: 0,
    seqRepeats: 0,
    interruptedTurns: 0,
    unknownRecords: 0,
  };
}
