import { createHash } from 'crypto';
import { lstat } from 'fs/promises';
import * as path from 'path';
import type { ToolOutputStore } from '../core/tools/toolPorts';
import { writeFileAtomic } from './atomicFile';
import type { StoreFs } from './storeFs';
import { realStoreFs } from './storeFs';

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The prefix of every kept output of a session: `<sessionId>.tool-`. */
export function toolOutputPrefix(sessionId: string): string {
  return `${sessionId}.tool-`;
}

const NAME_PART_MAX = 120;

/**
 * An id as a file-name part: letters, digits, `_` and `-` stay, anything else becomes `.xxxxxx` (its code
 * point, fixed width), so two ids never share a file and no id can name a path; a long one is cut and ends
 * with a hash of the whole id (file names stay well under 255 bytes).
 */
export function fileNamePart(id: string): string {
  const part = [...id]
    .map((c) => (/[A-Za-z0-9_-]/.test(c) ? c : `.${c.codePointAt(0)!.toString(16).padStart(6, '0')}`))
    .join('');
  if (part.length <= NAME_PART_MAX) return part;
  return `${part.slice(0, NAME_PART_MAX - 17)}.${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

/** A kept output is at most the command cap (4 MiB) after redaction; anything far larger is not ours. */
const READ_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The tool outputs a session keeps whole, next to its log: `<sessionId>.tool-<id>.txt`, written atomically
 * (temp → fsync → rename → fsync the folder) before the event that names it. Reads take only names of this
 * session's kept outputs.
 */
export function createToolOutputFiles(folder: string, sessionId: string, fs: StoreFs = realStoreFs): ToolOutputStore {
  if (!SESSION_ID.test(sessionId)) throw new Error(`Invalid session id "${sessionId}".`);
  const prefix = toolOutputPrefix(sessionId);
  const checked = (file: string) => {
    const where = toolOutputPath(folder, sessionId, file);
    if (!where) throw new Error(`"${file}" is not a kept output of this session.`);
    return where;
  };
  return {
    async keep(id, text) {
      const file = `${prefix}${fileNamePart(id)}.txt`;
      await fs.mkdir(folder);
      await writeFileAtomic(checked(file), text, fs);
      return file;
    },
    async read(file) {
      const where = checked(file);
      const info = await lstat(where);
      if (!info.isFile() || info.size > READ_MAX_BYTES)
        throw new Error(`"${file}" is not a kept output (a link, a folder or ${READ_MAX_BYTES / 1024 / 1024} MB+).`);
      return (await fs.readFile(where)).toString('utf8');
    },
  };
}

/** Where a kept output is, to open it in an editor; undefined for a name that is not one. */
export function toolOutputPath(folder: string, sessionId: string, file: string): string | undefined {
  const ok = SESSION_ID.test(sessionId) && file.startsWith(toolOutputPrefix(sessionId)) && file.endsWith('.txt');
  return ok && path.basename(file) === file && !file.includes('..') ? path.join(folder, file) : undefined;
}
