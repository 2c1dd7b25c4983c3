import * as path from 'path';
import { writeFileAtomic } from './atomicFile';
import type { StoreFs } from './storeFs';
import { errorCode, realStoreFs } from './storeFs';

/**
 * One small remembered choice (the session the status bar follows), written atomically and fsynced
 * next to the session logs, so a choice made a moment before VS Code is killed survives it. VS Code's
 * own workspace state flushes a while later and is lost with a window that dies within that delay.
 *
 * Writes are coalesced: while one is on disk, only the newest value waits, so a burst of tab switches
 * costs at most two writes. `saved()` resolves when the newest value asked for is on disk, or its write
 * failed (reported, and the file removed so a stale value cannot win at the next start).
 */
export interface ChoiceFile {
  /** The stored value, or undefined when there is none or the file is not ours (checked on read). */
  read(): Promise<string | undefined>;
  write(value: string | undefined): void;
  saved(): Promise<void>;
}

const SCHEMA = 1;
const MAX_VALUE = 1000;

export function createChoiceFile(
  file: string,
  onError: (message: string) => void,
  fs: StoreFs = realStoreFs,
): ChoiceFile {
  let next: { value: string | undefined } | undefined;
  let running = false;
  let writing: Promise<void> = Promise.resolve();

  const flush = async (): Promise<void> => {
    try {
      while (next) {
        const { value } = next;
        next = undefined;
        try {
          await fs.mkdir(path.dirname(file));
          await writeFileAtomic(file, JSON.stringify({ schema: SCHEMA, value: value ?? null }) + '\n', fs);
        } catch (error) {
          // a stale file must not win over a newer workspace state at the next start
          await fs.unlink(file).catch(() => undefined);
          report(`could not remember the chosen session in ${file}: ${String(error)}`);
        }
      }
    } finally {
      running = false; // in the same synchronous step as the last check of `next`
    }
  };
  const report = (message: string) => {
    try {
      onError(message);
    } catch {
      /* a closed output channel at shutdown: nothing else to tell */
    }
  };

  return {
    async read() {
      let text: string;
      try {
        text = (await fs.readFile(file)).toString('utf8');
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') report(`could not read ${file}: ${String(error)}`);
        return undefined;
      }
      return parseChoice(text);
    },
    write(value) {
      next = { value };
      if (running) return; // the running flush picks the newest value up
      running = true;
      writing = flush();
    },
    saved: () => writing,
  };
}

/** `{"schema":1,"value":"…"}` → the value; anything else (another version, wrong types, junk) → undefined. */
export function parseChoice(text: string): string | undefined {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const { schema, value } = record as { schema?: unknown; value?: unknown };
  if (schema !== SCHEMA || typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE)
    return undefined;
  return value;
}
