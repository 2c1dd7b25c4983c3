/** The marker put between the head and the tail of a cut output. */
export const cutMarker = (bytes: number) => `\n… [${bytes} bytes cut] …\n`;

/**
 * Keeps the first half of `cap` bytes and a rolling last half: memory stays bounded whatever a command
 * prints, and both how it began and how it ended are kept.
 */
export class OutputCap {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(private readonly cap: number) {}

  get truncated(): boolean {
    return this.total > this.cap;
  }

  add(chunk: Buffer): void {
    this.total += chunk.length;
    const headRoom = Math.ceil(this.cap / 2) - this.headBytes;
    if (headRoom > 0) {
      const piece = chunk.subarray(0, headRoom);
      this.head.push(piece);
      this.headBytes += piece.length;
      chunk = chunk.subarray(piece.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const keep = Math.floor(this.cap / 2);
    while (this.tail.length > 1 && this.tailBytes - this.tail[0].length >= keep)
      this.tailBytes -= this.tail.shift()!.length;
  }

  text(): string {
    const head = Buffer.concat(this.head);
    let tail = Buffer.concat(this.tail);
    if (!this.truncated) return Buffer.concat([head, tail]).toString('utf8');
    const keep = Math.floor(this.cap / 2);
    tail = tail.subarray(Math.max(0, tail.length - keep));
    const cut = this.total - head.length - tail.length;
    return `${head.toString('utf8')}${cutMarker(cut)}${tail.toString('utf8')}`;
  }
}
