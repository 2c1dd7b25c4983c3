/**
 * Called with one complete line, `text[start, end)` (no newline, no trailing CR). `text` holds the
 * line's bytes one character per byte, and `bytes[base + i]` is the byte behind `text[i]`; the line
 * starts at `offset` in the file; `matched` has bit k set when the line holds needle k (0 without
 * needles). `text` and `bytes` are reused once the call returns.
 */
export type LineHandler = (
  text: string,
  start: number,
  end: number,
  bytes: Buffer,
  base: number,
  offset: number,
  matched: number,
) => void;

const NEWLINE = 10;
const CR = 13;
/**
 * Chunks are cut in windows of this size, each decoded to one string (one character per byte) that
 * all its lines share. Strings this small are young-generation objects, cheap to make and to drop;
 * larger ones measured up to 9x slower to make.
 */
const WINDOW = 96 * 1024;

/**
 * Cuts the chunks of a file, read in order, into complete lines. A line split across windows is kept
 * (copied) until its newline arrives; one longer than `maxLineBytes` is dropped as it streams past and
 * counted, so memory stays bounded by the chunk and the limit. With `needles`, only lines holding one
 * of them are handed on: each window is searched for the needles and the lines around the hits are
 * cut out, so every other line costs no more than the search over it.
 */
export class LineCutter {
  /** File offset just after the last complete line: where the next read must start. */
  offset: number;
  oversized = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;

  constructor(
    offset: number,
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
    private readonly needles?: () => readonly string[],
  ) {
    this.offset = offset;
  }

  /** The next chunk of the file, which starts at file offset `at` (just after the previous one). */
  push(chunk: Buffer, at: number): void {
    for (let w = 0; w < chunk.length; w += WINDOW)
      this.pushWindow(chunk.subarray(w, Math.min(chunk.length, w + WINDOW)), at + w);
  }

  private pushWindow(window: Buffer, at: number): void {
    let start = 0;
    if (this.pendingBytes > 0 || this.skipping) {
      const first = window.indexOf(NEWLINE);
      if (first < 0) return this.keep(window, 0);
      if (this.skipping || this.pendingBytes + first > this.maxLineBytes) this.oversized++;
      else {
        this.pending.push(window.subarray(0, first));
        const whole = Buffer.concat(this.pending, this.pendingBytes + first);
        const text = whole.toString('latin1');
        const matched = this.matches(text);
        if (matched !== 0) this.emit(text, 0, text.length, whole, 0, at - this.pendingBytes, matched);
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = false;
      start = first + 1;
      this.offset = at + start;
    }
    const last = window.lastIndexOf(NEWLINE);
    if (last >= start) {
      const text = window.toString('latin1', start, last + 1);
      if (this.needles) this.cutHits(text, window, start, at + start);
      else this.cutAll(text, window, start, at + start);
      start = last + 1;
      this.offset = at + start;
    }
    if (start < window.length) this.keep(window, start);
  }

  /** The unfinished tail of a window: copied (the chunk's buffer is reused), or dropped once too long. */
  private keep(window: Buffer, start: number): void {
    if (this.skipping) return;
    const bytes = window.length - start;
    if (this.pendingBytes + bytes > this.maxLineBytes) {
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(window.subarray(start)));
    this.pendingBytes += bytes;
  }

  /** `text` holds complete lines only (it ends with a newline) and starts at file offset `at`. */
  private cutAll(text: string, bytes: Buffer, base: number, at: number): void {
    for (let start = 0; start < text.length;) {
      const nl = text.indexOf('\n', start);
      this.emit(text, start, nl, bytes, base, at + start, 0);
      start = nl + 1;
    }
  }

  /** As cutAll, handing on only the lines that hold a needle. */
  private cutHits(text: string, bytes: Buffer, base: number, at: number): void {
    let needles = this.currentNeedles();
    let hits = needles.map((n) => text.indexOf(n));
    let lineStart = 0;
    for (;;) {
      let hit = -1;
      for (const h of hits) if (h >= 0 && (hit < 0 || h < hit)) hit = h;
      if (hit < 0) return;
      // forward to the newline after the hit: the line holding it starts after the one before
      let lineEnd = text.indexOf('\n', lineStart);
      while (lineEnd < hit) {
        lineStart = lineEnd + 1;
        lineEnd = text.indexOf('\n', lineStart);
      }
      // every needle's next hit is at or after lineStart: the ones before lineEnd are in this line
      let matched = 0;
      for (let k = 0; k < hits.length; k++) if (hits[k] >= 0 && hits[k] < lineEnd) matched |= 1 << k;
      this.emit(text, lineStart, lineEnd, bytes, base, at + lineStart, matched);
      lineStart = lineEnd + 1;
      if (lineStart >= text.length) return;
      const now = this.currentNeedles();
      if (now !== needles) {
        needles = now;
        hits = needles.map((n) => text.indexOf(n, lineStart));
      } else {
        for (let k = 0; k < hits.length; k++)
          if (hits[k] >= 0 && hits[k] < lineStart) hits[k] = text.indexOf(needles[k], lineStart);
      }
    }
  }

  private currentNeedles(): readonly string[] {
    return this.needles?.() ?? [];
  }

  /** Which needles a line holds (-1: every bit, when there are no needles and every line is wanted). */
  private matches(text: string): number {
    if (!this.needles) return -1;
    let matched = 0;
    this.currentNeedles().forEach((n, k) => {
      if (text.includes(n)) matched |= 1 << k;
    });
    return matched;
  }

  private emit(
    text: string,
    start: number,
    end: number,
    bytes: Buffer,
    base: number,
    offset: number,
    matched: number,
  ): void {
    // (a line across windows was checked against the limit as it was kept; one inside a window is checked here)
    if (end - start > this.maxLineBytes) {
      this.oversized++;
      return;
    }
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    if (end > start) this.onLine(text, start, end, bytes, base, offset, this.needles ? matched : 0);
  }
}
