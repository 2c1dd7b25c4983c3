/**
 * Called with one complete line: bytes [start, end) of `buffer` (no newline, no trailing CR), at
 * `offset` in the file; `matched` has bit k set when the line holds needle k (0 without needles).
 */
export type LineHandler = (buffer: Buffer, start: number, end: number, offset: number, matched: number) => void;

const NEWLINE = 10;
const CR = 13;

/**
 * Cuts the chunks of a file, read in order, into complete lines. A line split across chunks is kept
 * (copied) until its newline arrives; one longer than `maxLineBytes` is dropped as it streams past and
 * counted, so memory stays bounded by the chunk and the limit. With `needles`, only lines holding one
 * of them are handed on: the chunk is searched for the needles natively and the lines around the hits
 * are cut out, so the bytes of every other line are never looked at by JavaScript.
 */
export class LineCutter {
  /** File offset just after the last complete line: where the next read must start. */
  offset: number;
  oversized = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  private needleKey: readonly string[] | undefined;
  private needleBytes: Buffer[] = [];

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
    let start = 0;
    if (this.pendingBytes > 0 || this.skipping) {
      const first = chunk.indexOf(NEWLINE);
      if (first < 0) return this.keep(chunk, 0);
      if (this.skipping || this.pendingBytes + first > this.maxLineBytes) this.oversized++;
      else {
        this.pending.push(chunk.subarray(0, first));
        const whole = Buffer.concat(this.pending, this.pendingBytes + first);
        const matched = this.matches(whole);
        if (matched !== 0) this.emit(whole, 0, whole.length, at - this.pendingBytes, matched);
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = false;
      start = first + 1;
      this.offset = at + start;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      if (this.needles) this.cutHits(chunk, start, last + 1, at);
      else this.cutAll(chunk, start, last + 1, at);
      start = last + 1;
      this.offset = at + start;
    }
    if (start < chunk.length) this.keep(chunk, start);
  }

  /** The unfinished tail of a chunk: copied (the chunk's buffer is reused), or dropped once too long. */
  private keep(chunk: Buffer, start: number): void {
    if (this.skipping) return;
    const bytes = chunk.length - start;
    if (this.pendingBytes + bytes > this.maxLineBytes) {
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(chunk.subarray(start)));
    this.pendingBytes += bytes;
  }

  private cutAll(chunk: Buffer, start: number, end: number, at: number): void {
    while (start < end) {
      const nl = chunk.indexOf(NEWLINE, start);
      this.emit(chunk, start, nl, at + start, 0);
      start = nl + 1;
    }
  }

  /** [start, end) holds complete lines only (end - 1 is a newline): hand on the lines that hold a needle. */
  private cutHits(chunk: Buffer, start: number, end: number, at: number): void {
    let needles = this.currentNeedles();
    let hits = needles.map((n) => chunk.indexOf(n, start));
    while (start < end) {
      let hit = -1;
      for (const h of hits) if (h >= 0 && h < end && (hit < 0 || h < hit)) hit = h;
      if (hit < 0) return;
      const lineStart = Math.max(start, chunk.lastIndexOf(NEWLINE, hit) + 1);
      const lineEnd = chunk.indexOf(NEWLINE, hit);
      // every needle's next hit is at or after lineStart: the ones before lineEnd are in this line
      let matched = 0;
      for (let k = 0; k < hits.length; k++) if (hits[k] >= 0 && hits[k] < lineEnd) matched |= 1 << k;
      this.emit(chunk, lineStart, lineEnd, at + lineStart, matched);
      start = lineEnd + 1;
      const now = this.currentNeedles();
      if (now !== needles) {
        needles = now;
        hits = needles.map((n) => chunk.indexOf(n, start));
      } else {
        for (let k = 0; k < hits.length; k++) if (hits[k] >= 0 && hits[k] < start) hits[k] = chunk.indexOf(needles[k], start);
      }
    }
  }

  private currentNeedles(): Buffer[] {
    const key = this.needles?.() ?? [];
    if (key !== this.needleKey) {
      this.needleKey = key;
      this.needleBytes = key.map((n) => Buffer.from(n, 'latin1'));
    }
    return this.needleBytes;
  }

  /** Which needles a line holds (-1: every bit, when there are no needles and every line is wanted). */
  private matches(line: Buffer): number {
    if (!this.needles) return -1;
    let matched = 0;
    this.currentNeedles().forEach((n, k) => {
      if (line.includes(n)) matched |= 1 << k;
    });
    return matched;
  }

  private emit(buffer: Buffer, start: number, end: number, offset: number, matched: number): void {
    if (end > start && buffer[end - 1] === CR) end--;
    if (end > start) this.onLine(buffer, start, end, offset, this.needles ? matched : 0);
  }
}
