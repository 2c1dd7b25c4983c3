import * as fs from 'fs/promises';
import * as path from 'path';
import type { OpenedLog, SessionIndexEntry, SessionLog, SessionStore } from '../core/ports';
import type { SessionEvent, SessionEventPayload } from '../core/sessionEvents';
import { syncFolder, writeFileAtomic } from './atomicFile';
import { parseLog } from './logRecovery';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const INDEX = 'index.json';

function checkId(sessionId: string): void {
  if (!ID.test(sessionId)) throw new Error(`Invalid session id "${sessionId}".`);
}

/** One append-only JSONL log per session in `folder`, plus an index written atomically. */
export function createEventLogStore(folder: string): SessionStore {
  const writers = new Set<string>();
  const file = (id: string) => path.join(folder, `${id}.jsonl`);

  const openWriter = async (sessionId: string, flags: 'wx' | 'a', lastSeq: number): Promise<SessionLog> => {
    if (writers.has(sessionId)) throw new Error(`Session ${sessionId} already has a writer.`);
    const handle = await fs.open(file(sessionId), flags);
    writers.add(sessionId);
    if (flags === 'wx') await syncFolder(folder);
    let seq = lastSeq;
    let queue: Promise<unknown> = Promise.resolve();
    let closed = false;
    const append = async (payload: SessionEventPayload, durable: boolean): Promise<SessionEvent> => {
      if (closed) throw new Error(`The log of session ${sessionId} is closed.`);
      const event = { seq: seq + 1, at: new Date().toISOString(), ...payload } as SessionEvent;
      const bytes = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
      if (durable) await handle.datasync();
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
      async close() {
        if (closed) return;
        closed = true;
        await queue;
        writers.delete(sessionId);
        await handle.close();
      },
    };
  };

  return {
    async create(sessionId) {
      checkId(sessionId);
      try {
        await fs.mkdir(folder, { recursive: true });
        return await openWriter(sessionId, 'wx', 0);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'EPERM' || code === 'ENOSPC') {
          throw new Error(`Cannot create a session: the storage folder ${folder} is not writable (${code}). Older sessions are untouched.`);
        }
        throw error;
      }
    },

    async open(sessionId): Promise<OpenedLog> {
      checkId(sessionId);
      const bytes = await fs.readFile(file(sessionId));
      const parsed = parseLog(bytes);
      const tornBytes = bytes.length - parsed.goodLength;
      if (tornBytes > 0) await fs.truncate(file(sessionId), parsed.goodLength);
      const lastSeq = parsed.records.reduce((max, r) => Math.max(max, r.seq), 0);
      return { records: parsed.records, recovery: { tornBytes, droppedLines: parsed.droppedLines }, log: await openWriter(sessionId, 'a', lastSeq) };
    },

    async list() {
      let names: string[];
      try {
        names = await fs.readdir(folder);
      } catch {
        return [];
      }
      const onDisk = names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length)).filter((id) => ID.test(id));
      const indexed = await readIndex(path.join(folder, INDEX));
      const ordered = indexed.map((e) => e.id).filter((id) => onDisk.includes(id));
      return [...ordered, ...onDisk.filter((id) => !ordered.includes(id)).sort()];
    },

    async writeIndex(entries: SessionIndexEntry[]) {
      await fs.mkdir(folder, { recursive: true });
      await writeFileAtomic(path.join(folder, INDEX), `${JSON.stringify({ version: 1, sessions: entries }, null, 1)}\n`);
    },

    async delete(sessionId) {
      checkId(sessionId);
      await fs.rm(file(sessionId), { force: true });
      await syncFolder(folder);
    },
  };
}

async function readIndex(file: string): Promise<SessionIndexEntry[]> {
  try {
    const value = JSON.parse(await fs.readFile(file, 'utf8')) as { sessions?: unknown };
    return Array.isArray(value.sessions) ? value.sessions.filter((e): e is SessionIndexEntry => typeof e?.id === 'string') : [];
  } catch {
    return [];
  }
}
