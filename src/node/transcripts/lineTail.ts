import { promises as fs } from 'fs';

/** Where a tail reader stands in one file, so the next read starts where this one stopped. */
export interface TailPosition {
  /** Bytes consumed: always just after a newline (a partial last line is read again next time). */
  offset: number;
  dev: number;
  ino: number;
}

export interface TailResult {
  position: TailPosition;
  /** The file is shorter than the offset, or another file now has its name: the caller must start over. */
  restarted: boolean;
  /** Complete lines longer than the limit, skipped without being held in memory. */
  oversized: number;
  bytesRead: number;
}

export interface TailOptions {
  chunkBytes?: number;
  maxLineBytes?: number;
}

const NEWLINE = 10;

/**
 * Reads the complete lines of a file from `from.offset` on, in chunks, handing each line to `onLine`.
 * A last line without its newline is left for the next call (the writer is still writing it). A line
 * longer than `maxLineBytes` is skipped and counted; memory stays bounded by the chunk and the limit.
 * Between chunks the event loop runs, so a large file never stalls the caller for long.
 */
export async function readNewLines(
  path: string,
  from: TailPosition | undefined,
  onLine: (line: string) => void,
  options: TailOptions = {},
): Promise<TailResult> {
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const maxLineBytes = options.maxLineBytes ?? 16 << 20;
  const handle = await fs.open(path, 'r');
  try {
    const stat = await handle.stat();
    let restarted = false;
    let offset = from?.offset ?? 0;
    if (from && (from.dev !== stat.dev || from.ino !== stat.ino || stat.size < from.offset)) {
      restarted = true;
      offset = 0;
    }
    const position = { offset, dev: stat.dev, ino: stat.ino };
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let skipping = false;
    let oversized = 0;
    let bytesRead = 0;
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let readAt = offset;
    for (;;) {
      const { bytesRead: n } = await handle.read(buffer, 0, chunkBytes, readAt);
      if (n === 0) break;
      bytesRead += n;
      readAt += n;
      let start = 0;
      for (;;) {
        const nl = buffer.indexOf(NEWLINE, start);
        if (nl < 0 || nl >= n) break;
        if (skipping) {
          skipping = false;
          oversized++;
        } else if (pendingBytes + (nl - start) > maxLineBytes) {
          oversized++;
        } else if (pendingBytes > 0) {
          pending.push(buffer.subarray(start, nl));
          emitLine(Buffer.concat(pending).toString('utf8'), onLine);
        } else {
          emitLine(buffer.toString('utf8', start, nl), onLine);
        }
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
        position.offset = readAt - n + start;
      }
      if (start < n && !skipping) {
        if (pendingBytes + (n - start) > maxLineBytes) {
          skipping = true;
          pending = [];
          pendingBytes = 0;
        } else {
          pending.push(Buffer.from(buffer.subarray(start, n)));
          pendingBytes += n - start;
        }
      }
    }
    return { position, restarted, oversized, bytesRead };
  } finally {
    await handle.close();
  }
}

/** Hands on one line without a trailing carriage return; empty lines are not lines. */
function emitLine(text: string, onLine: (line: string) => void): void {
  if (text.length === 0) return;
  const end = text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
  onLine(end === text.length ? text : text.slice(0, end));
}
