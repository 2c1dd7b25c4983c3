import type { SessionLog } from '../core/ports';
import { LogTakenOverError } from '../core/ports';
import type { SessionEvent, SessionEventPayload } from '../core/sessionEvents';
import type { StoreFile } from './storeFs';
import { brokenLogError, classifyWriteError, shortWrite } from './storageErrors';

export interface WriterSpec {
  sessionId: string;
  handle: StoreFile;
  /** Highest seq already in the log; the next append gets lastSeq + 1. */
  lastSeq: number;
  /** Size of the log when it was opened: every byte before it is a whole record. */
  goodEnd: number;
  /** Called once on close, after the file is closed (releases the lock). */
  onClose(): Promise<void>;
  /** Reads the lock: still ours, or who took it over (Take Over in another window). */
  stillHeld(): Promise<{ held: true } | { held: false; holder?: { pid: number; host: string } }>;
}

/**
 * The single writer of one log (opened in append mode). Appends are queued: one write per record
 * ending in '\n', datasync before a durable append resolves. A failed or short write is cut back to
 * the last good end and fsynced before anything else may be appended, and the seq is not advanced;
 * if that cut fails, the writer refuses every further append (no record is ever glued to a fragment).
 * Before each write (and each cut) it checks that the lock is still its own: once another window has
 * taken the log over, this writer writes and cuts nothing more (LogTakenOverError), so two never mix.
 */
export function openLogWriter(spec: WriterSpec): SessionLog {
  const { sessionId, handle } = spec;
  let seq = spec.lastSeq;
  let goodEnd = spec.goodEnd;
  let broken: Error | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  let closing: Promise<void> | undefined;

  const ensureHeld = async (): Promise<void> => {
    const now = await spec.stillHeld();
    if (!now.held) {
      broken = new LogTakenOverError(now.holder && { pid: now.holder.pid, host: now.holder.host });
      throw broken;
    }
  };

  const rollBack = async (error: unknown): Promise<never> => {
    const failure = classifyWriteError(error);
    await ensureHeld(); // never cut what a window that took the log over has written
    try {
      await handle.truncate(goodEnd);
      await handle.sync();
    } catch (cutError) {
      broken = brokenLogError(cutError, failure);
      throw broken;
    }
    throw failure;
  };

  const append = async (payload: SessionEventPayload, durable: boolean): Promise<SessionEvent> => {
    if (closed) throw new Error(`The log of session ${sessionId} is closed.`);
    if (broken) throw broken;
    await ensureHeld();
    const event = { seq: seq + 1, at: new Date().toISOString(), ...payload } as SessionEvent;
    const bytes = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
    try {
      for (let offset = 0; offset < bytes.length;) {
        const written = await handle.write(bytes, offset, bytes.length - offset);
        if (written <= 0) throw shortWrite();
        offset += written;
      }
      if (durable) await handle.datasync();
    } catch (error) {
      return rollBack(error);
    }
    goodEnd += bytes.length;
    seq = event.seq;
    return event;
  };

  return {
    sessionId,
    append(payload, options) {
      const result = queue.then(() => append(payload, options.durable));
      queue = result.catch(() => undefined);
      return result;
    },
    close() {
      closed = true;
      closing ??= (async () => {
        await queue;
        try {
          await handle.close();
        } finally {
          await spec.onClose();
        }
      })();
      return closing; // a second close waits for the first (deactivate awaits what dispose started)
    },
  };
}
