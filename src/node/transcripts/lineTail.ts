import * as fs from 'fs';
import type { TranscriptFold, TranscriptLine } from '../../core/transcripts/transcriptLine';
import type { LineHandler } from './lineCutter';
import { LineCutter } from './lineCutter';

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
  /** The file as it was when opened (what was read is up to `size`). */
  size: number;
  mtimeMs: number;
}

export interface TailOptions {
  chunkBytes?: number;
  maxLineBytes?: number;
}

const DEFAULT_CHUNK = 1 << 20;
const DEFAULT_MAX_LINE = 16 << 20;

/** Where to start: `from`, unless the file is no longer the one `from` describes. */
function startAt(from: TailPosition | undefined, stat: fs.Stats): { offset: number; restarted: boolean } {
  if (from && (from.dev !== stat.dev || from.ino !== stat.ino || stat.size < from.offset))
    return { offset: 0, restarted: true };
  return { offset: from?.offset ?? 0, restarted: false };
}

function resultOf(cutter: LineCutter, stat: fs.Stats, restarted: boolean, bytesRead: number): TailResult {
  return {
    position: { offset: cutter.offset, dev: stat.dev, ino: stat.ino },
    restarted,
    oversized: cutter.oversized,
    bytesRead,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
  };
}

/** A line of a window the cutter decoded: `text` is shared by the window's lines; UTF-8 only where asked. */
class WindowLine implements TranscriptLine {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    private readonly bytes: Buffer,
    private readonly base: number,
    readonly offset: number,
  ) {}

  utf8(start: number, end: number): string {
    return this.bytes.toString('utf8', this.base + start, this.base + end);
  }
}

/** Hands a fold the lines the cutter cuts. */
function foldHandler(fold: TranscriptFold): LineHandler {
  return (text, start, end, bytes, base, offset, matched) =>
    fold.applyLine(new WindowLine(text, start, end, bytes, base, offset), matched);
}

/**
 * Synchronously reads the complete lines of a file from `from.offset` on (meant for a worker thread,
 * where blocking reads are the fast ones), in chunks of `buffer`'s size, handing `fold` only the lines
 * that hold one of its needles. Reading stops at the size the file had when opened; what is written
 * after that is read by the next call. A last line without its newline is left for the next call.
 */
export function scanNewLines(
  path: string,
  from: TailPosition | undefined,
  fold: TranscriptFold,
  buffer: Buffer,
  options: TailOptions = {},
): TailResult {
  const fd = fs.openSync(path, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const { offset, restarted } = startAt(from, stat);
    const cutter = new LineCutter(offset, options.maxLineBytes ?? DEFAULT_MAX_LINE, foldHandler(fold), () =>
      fold.needles(),
    );
    let readAt = offset;
    while (readAt < stat.size) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, readAt);
      if (n === 0) break;
      cutter.push(buffer.subarray(0, n), readAt);
      readAt += n;
    }
    return resultOf(cutter, stat, restarted, readAt - offset);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads every complete line of a file from `from.offset` on as a string, in chunks, with the event
 * loop running between them. (The transcript document reads only a file's end: transcriptWindow.ts.)
 */
export async function readNewLines(
  path: string,
  from: TailPosition | undefined,
  onLine: (line: string) => void,
  options: TailOptions = {},
): Promise<TailResult> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const stat = await handle.stat();
    const { offset, restarted } = startAt(from, stat);
    const cutter = new LineCutter(offset, options.maxLineBytes ?? DEFAULT_MAX_LINE, (_t, s, e, bytes, base) =>
      onLine(bytes.toString('utf8', base + s, base + e)),
    );
    const buffer = Buffer.allocUnsafe(options.chunkBytes ?? DEFAULT_CHUNK);
    let readAt = offset;
    for (;;) {
      const { bytesRead: n } = await handle.read(buffer, 0, buffer.length, readAt);
      if (n === 0) break;
      cutter.push(buffer.subarray(0, n), readAt);
      readAt += n;
    }
    return resultOf(cutter, stat, restarted, readAt - offset);
  } finally {
    await handle.close();
  }
}
