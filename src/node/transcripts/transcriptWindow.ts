import * as fs from 'fs';
import type { WindowExtent } from '../../core/transcripts/windowNote';
import { LineCutter } from './lineCutter';

/** The part of a file handle the window reads through (tests wrap a real one to count what is read). */
export interface WindowFile {
  stat(): Promise<{ size: number }>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

export interface WindowOptions {
  /** Bytes of the file's end to show at most (default 8 MB). */
  capBytes?: number;
  chunkBytes?: number;
  open?: (path: string) => Promise<WindowFile>;
}

export interface TranscriptWindow extends WindowExtent {
  /** Bytes this read took from the file: at most the cap plus one. */
  bytesRead: number;
}

export const DEFAULT_WINDOW_BYTES = 8 << 20;
const NEWLINE = 10;

/**
 * Reads the complete lines of the last `capBytes` of a transcript, in order, without reading what is
 * before them: it starts at the first line boundary at or after `size - capBytes` (the line cut by
 * that boundary is skipped; finding its end reads at most the window). Memory: one chunk buffer and
 * one line; `onLine` returning false stops the read. A last line without its newline is not shown.
 */
export async function readTranscriptWindow(
  path: string,
  onLine: (line: string) => boolean,
  options: WindowOptions = {},
): Promise<TranscriptWindow> {
  const capBytes = Math.max(1, options.capBytes ?? DEFAULT_WINDOW_BYTES);
  const file = await (options.open ?? ((p: string) => fs.promises.open(p, 'r')))(path);
  try {
    const { size } = await file.stat();
    // from one byte before the window: a newline there means the window starts on a line boundary
    let readAt = size > capBytes ? size - capBytes - 1 : 0;
    let seeking = readAt > 0;
    let skippedBytes = seeking ? size : 0;
    let stopped = false;
    const cutter = new LineCutter(0, capBytes, (_t, s, e, bytes, base) => {
      if (!stopped && !onLine(bytes.toString('utf8', base + s, base + e))) stopped = true;
    });
    const buffer = Buffer.allocUnsafe(Math.min(options.chunkBytes ?? 1 << 20, capBytes + 1));
    let bytesRead = 0;
    while (readAt < size && !stopped) {
      const { bytesRead: n } = await file.read(buffer, 0, Math.min(buffer.length, size - readAt), readAt);
      if (n === 0) break;
      bytesRead += n;
      let chunk = buffer.subarray(0, n);
      let at = readAt;
      readAt += n;
      if (seeking) {
        const nl = chunk.indexOf(NEWLINE);
        if (nl < 0) continue;
        seeking = false;
        skippedBytes = at + nl + 1;
        chunk = chunk.subarray(nl + 1);
        at = skippedBytes;
      }
      cutter.push(chunk, at);
    }
    return { size, capBytes, skippedBytes, noLineInWindow: skippedBytes > 0 && skippedBytes >= size, bytesRead };
  } finally {
    await file.close();
  }
}
