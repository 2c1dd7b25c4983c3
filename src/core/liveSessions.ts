import { redactSecrets } from './transcripts/redact';
import type { LogHolder, OpenedLog, SessionLog } from './ports';
import { LogTakenOverError } from './ports';
import type { SessionEventPayload } from './sessionEvents';
import { isDurable } from './sessionEvents';
import type { SessionState } from './session';
import { foldSession, reduce } from './session';
import { readOnlyMessage } from './readOnly';
import { StorageError } from './modelStep';

/** A session as this window holds it: its state, its writer, and the turn running in it. */
export interface Live {
  state: SessionState;
  /** Our writer; absent while another process holds the log's lock (then `readOnly` says who). */
  log?: SessionLog;
  readOnly?: LogHolder;
  abort?: AbortController;
}

export type Writable = Live & { log: SessionLog };

type Listener = (state: SessionState) => void;

/**
 * The sessions open in this window and the one funnel every event goes through: persist (fsync when durable),
 * then fold, then tell the listeners. Lifecycle (load, create, delete) is SessionService's part.
 */
export class LiveSessions {
  private readonly live = new Map<string, Live>();
  private readonly changeListeners = new Set<Listener>();
  private readonly removeListeners = new Set<(id: string) => void>();

  onDidChange(listener: Listener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onDidRemove(listener: (id: string) => void): () => void {
    this.removeListeners.add(listener);
    return () => this.removeListeners.delete(listener);
  }

  find(id: string): Live | undefined {
    return this.live.get(id);
  }

  entries(): IterableIterator<[string, Live]> {
    return this.live.entries();
  }

  /** Newest activity first. */
  all(): SessionState[] {
    return [...this.live.values()].map((l) => l.state).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  set(id: string, live: Live): void {
    this.live.set(id, live);
  }

  /** Folds an opened log into `live` and holds it under `id`. */
  adopt(id: string, live: Live, opened: OpenedLog): void {
    live.state = foldSession(opened.records);
    if (!live.state.id) live.state = { ...live.state, id };
    live.log = opened.log;
    live.readOnly = opened.readOnly;
    this.live.set(id, live);
  }

  forget(id: string): void {
    this.live.delete(id);
    for (const listener of this.removeListeners) listener(id);
  }

  /** The session, if this window may write it; otherwise a message saying which window does. */
  writable(sessionId: string): Writable {
    const live = this.require(sessionId);
    if (live.readOnly || !live.log) throw new Error(readOnlyMessage(live.state.title, live.readOnly));
    return live as Writable;
  }

  require(sessionId: string): Live {
    const live = this.live.get(sessionId);
    if (!live) throw new Error(`Unknown session ${sessionId}.`);
    return live;
  }

  /** Persist first (fsync when durable), then fold, then tell. */
  async append(live: Writable, payload: SessionEventPayload): Promise<void> {
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

  emit(state: SessionState): void {
    for (const listener of this.changeListeners) listener(state);
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
}
