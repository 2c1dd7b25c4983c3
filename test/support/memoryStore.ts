import type { LogHolder, OpenedLog, SessionIndexEntry, SessionLog, SessionStore } from '../../src/core/ports';
import type { SessionEvent, UnknownRecord } from '../../src/core/sessionEvents';

/** An in-memory SessionStore double: records per session, and a switch to make appends fail. */
export class MemoryStore implements SessionStore {
  readonly logs = new Map<string, Array<SessionEvent | UnknownRecord>>();
  index: SessionIndexEntry[] = [];
  failAppends = false;
  /** Only appends of these record types fail (a full disk that still takes a short record). */
  readonly failTypes = new Set<string>();
  /** Sessions "another process" writes: open() returns them read-only. */
  readonly lockedBy = new Map<string, LogHolder>();
  /** What delete() throws instead of deleting (e.g. a TrashUnavailableError), unless permanent. */
  deleteError?: Error;

  async create(sessionId: string): Promise<SessionLog> {
    if (this.logs.has(sessionId)) throw new Error(`session ${sessionId} exists`);
    this.logs.set(sessionId, []);
    return this.writer(sessionId);
  }

  async open(sessionId: string): Promise<OpenedLog> {
    const records = this.logs.get(sessionId);
    if (!records) throw new Error(`no session ${sessionId}`);
    const recovery = { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 };
    const holder = this.lockedBy.get(sessionId);
    if (holder) return { records: [...records], recovery, readOnly: holder };
    return { records: [...records], recovery, log: this.writer(sessionId) };
  }

  async breakLock(sessionId: string, holder: LogHolder): Promise<boolean> {
    const now = this.lockedBy.get(sessionId);
    if (now && (now.pid !== holder.pid || now.host !== holder.host)) return false;
    this.lockedBy.delete(sessionId);
    return true;
  }

  async list(): Promise<string[]> {
    return [...this.logs.keys()];
  }

  async writeIndex(entries: SessionIndexEntry[]): Promise<void> {
    this.index = entries;
  }

  async delete(sessionId: string, options?: { permanent?: boolean }): Promise<void> {
    if (this.deleteError && !options?.permanent) throw this.deleteError;
    this.logs.delete(sessionId);
  }

  private writer(sessionId: string): SessionLog {
    return {
      sessionId,
      append: async (payload) => {
        if (this.failAppends || this.failTypes.has(payload.type)) throw new Error('ENOSPC: no space left on device');
        const records = this.logs.get(sessionId)!;
        const event = { ...payload, seq: records.length + 1, at: new Date().toISOString() } as SessionEvent;
        records.push(event);
        return event;
      },
      close: async () => undefined,
    };
  }
}
