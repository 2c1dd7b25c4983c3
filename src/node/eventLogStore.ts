import * as path from 'path';
import type { OpenedLog, SessionIndexEntry, SessionLog, SessionStore } from '../core/ports';
import { writeFileAtomic } from './atomicFile';
import { acquireLock, breakLock } from './logLock';
import type { LockResult } from './logLock';
import { parseLog } from './logRecovery';
import { openLogWriter } from './logWriter';
import type { StoreFile, StoreFs } from './storeFs';
import { errorCode, realStoreFs } from './storeFs';
import { sweepStoreFolder } from './storeSweep';
import { toolOutputPrefix } from './toolOutputFiles';

type HeldLock = Extract<LockResult, { held: true }>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const INDEX = 'index.json';
const NOT_WRITABLE = ['EACCES', 'EROFS', 'ENOTDIR', 'EEXIST', 'EPERM', 'ENOSPC', 'EDQUOT'];

function checkId(sessionId: string): void {
  if (!ID.test(sessionId)) throw new Error(`Invalid session id "${sessionId}".`);
}

export interface EventLogStoreOptions {
  /** The file system (tests record and fault it); default: the real one. */
  fs?: StoreFs;
  /** Moves a deleted log to the trash; throws TrashUnavailableError when it cannot. Default: unlink. */
  trash?: (file: string) => Promise<void>;
}

/**
 * One append-only JSONL log per session in `folder`, plus an index written atomically. Each log has
 * one writer across processes: `<id>.lock` (see logLock); a log locked by a live process opens read-only.
 */
export function createEventLogStore(folder: string, options: EventLogStoreOptions = {}): SessionStore {
  const fs = options.fs ?? realStoreFs;
  const trash = options.trash ?? ((file: string) => fs.unlink(file).catch(ignoreMissing));
  /** Ids with a writer here, or being opened or created: reserved before the first await. */
  const writers = new Set<string>();
  let swept: Promise<unknown> | undefined;
  const file = (id: string) => path.join(folder, `${id}.jsonl`);
  const lockFile = (id: string) => path.join(folder, `${id}.lock`);
  const keptOutputFiles = async (id: string) => {
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    const prefix = toolOutputPrefix(id);
    return names.filter((n) => n.startsWith(prefix) && n.endsWith('.txt')).map((n) => path.join(folder, n));
  };
  const lock = async (id: string) => {
    const held = await acquireLock(fs, lockFile(id));
    if (!held.held && held.ours) throw new Error(`Session ${id} already has a writer in this window.`);
    return held;
  };
  /** Reserves `id` synchronously (so a second open or create in this process is refused, never read-only). */
  const reserve = (id: string) => {
    if (writers.has(id)) throw new Error(`Session ${id} already has a writer.`);
    writers.add(id);
  };
  const reserved = async <T>(id: string, run: () => Promise<T>, keep: (value: T) => boolean): Promise<T> => {
    reserve(id);
    try {
      const value = await run();
      if (!keep(value)) writers.delete(id);
      return value;
    } catch (error) {
      writers.delete(id);
      throw error;
    }
  };

  const writer = (id: string, handle: StoreFile, lastSeq: number, goodEnd: number, held: HeldLock) =>
    openLogWriter({
      sessionId: id,
      handle,
      lastSeq,
      goodEnd,
      stillHeld: held.stillHeld,
      onClose: async () => {
        writers.delete(id);
        await held.release(); // removes the lock only while it still holds our token
      },
    });

  async function createLog(sessionId: string): Promise<SessionLog> {
    try {
      await fs.mkdir(folder);
      const held = await lock(sessionId);
      if (!held.held)
        throw new Error(`Session ${sessionId} is being created by another process (pid ${held.holder.pid}).`);
      let handle: StoreFile | undefined;
      try {
        handle = await fs.open(file(sessionId), 'ax');
        await fs.syncDir(folder); // the new file's name is durable before its first record is acknowledged
      } catch (error) {
        await handle?.close().catch(() => undefined);
        await held.release();
        throw error;
      }
      return writer(sessionId, handle, 0, 0, held);
    } catch (error) {
      const code = errorCode(error);
      if (code && NOT_WRITABLE.includes(code)) {
        throw new Error(
          `Cannot create a session: the storage folder ${folder} is not writable (${code}). Older sessions are untouched.`,
        );
      }
      throw error;
    }
  }

  async function openLog(sessionId: string): Promise<OpenedLog> {
    const held = await lock(sessionId);
    if (!held.held) {
      // another live process writes this log: read what is whole, cut nothing (it may be mid-write)
      const parsed = parseLog(await fs.readFile(file(sessionId)));
      const { droppedLines, seqGaps, seqRepeats } = parsed;
      const { pid, host } = held.holder;
      const recovery = { tornBytes: 0, droppedLines, seqGaps, seqRepeats };
      return { records: parsed.records, recovery, readOnly: { pid, host } };
    }
    let handle: StoreFile | undefined;
    try {
      const bytes = await fs.readFile(file(sessionId));
      const parsed = parseLog(bytes);
      const tornBytes = bytes.length - parsed.goodLength;
      handle = await fs.open(file(sessionId), 'a');
      if (tornBytes > 0) {
        await handle.truncate(parsed.goodLength);
        await handle.sync();
      }
      const { droppedLines, seqGaps, seqRepeats } = parsed;
      return {
        records: parsed.records,
        recovery: { tornBytes, droppedLines, seqGaps, seqRepeats },
        log: writer(sessionId, handle, parsed.maxSeq, parsed.goodLength, held),
      };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await held.release();
      throw error;
    }
  }

  return {
    async create(sessionId): Promise<SessionLog> {
      checkId(sessionId);
      return reserved(
        sessionId,
        () => createLog(sessionId),
        () => true,
      );
    },

    async open(sessionId): Promise<OpenedLog> {
      checkId(sessionId);
      return reserved(
        sessionId,
        () => openLog(sessionId),
        (opened) => !!opened.log,
      );
    },

    async breakLock(sessionId, holder) {
      checkId(sessionId);
      if (writers.has(sessionId)) return false; // ours
      return breakLock(fs, lockFile(sessionId), holder);
    },

    async list() {
      let names: string[];
      try {
        names = await fs.readdir(folder);
      } catch {
        return [];
      }
      swept ??= sweepStoreFolder(fs, folder, names).catch(() => undefined); // leftovers of crashed processes
      await swept;
      const onDisk = names
        .filter((n) => n.endsWith('.jsonl'))
        .map((n) => n.slice(0, -'.jsonl'.length))
        .filter((id) => ID.test(id));
      const indexed = await readIndex(fs, path.join(folder, INDEX));
      const ordered = indexed.map((e) => e.id).filter((id) => onDisk.includes(id));
      return [...ordered, ...onDisk.filter((id) => !ordered.includes(id)).sort()];
    },

    async writeIndex(entries: SessionIndexEntry[]) {
      await fs.mkdir(folder);
      await writeFileAtomic(
        path.join(folder, INDEX),
        `${JSON.stringify({ version: 1, sessions: entries }, null, 1)}\n`,
        fs,
      );
    },

    async delete(sessionId, deleteOptions) {
      checkId(sessionId);
      if (writers.has(sessionId)) throw new Error(`Close the log of session ${sessionId} before deleting it.`);
      const held = await lock(sessionId);
      if (!held.held) {
        const { pid } = held.holder;
        throw new Error(
          `Session ${sessionId} is open in another VS Code window (pid ${pid}); close it there to delete it here.`,
        );
      }
      try {
        const remove = (target: string) =>
          deleteOptions?.permanent ? fs.unlink(target).catch(ignoreMissing) : trash(target);
        await remove(file(sessionId));
        // then its kept outputs, best effort: the session is gone; a file left behind is only disk
        for (const kept of await keptOutputFiles(sessionId)) await remove(kept).catch(() => undefined);
        await fs.syncDir(folder);
      } finally {
        await held.release();
      }
    },
  };
}

function ignoreMissing(error: unknown): void {
  if (errorCode(error) !== 'ENOENT') throw error;
}

async function readIndex(fs: StoreFs, file: string): Promise<SessionIndexEntry[]> {
  try {
    const value = JSON.parse((await fs.readFile(file)).toString('utf8')) as { sessions?: unknown };
    return Array.isArray(value.sessions)
      ? value.sessions.filter((e): e is SessionIndexEntry => typeof e?.id === 'string')
      : [];
  } catch {
    return [];
  }
}
