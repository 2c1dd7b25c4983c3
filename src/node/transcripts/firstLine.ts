import * as fs from 'fs';

/** The first line of a file (without reading the rest), or undefined if it has none within `maxBytes`. */
export function readFirstLine(path: string, maxBytes = 1 << 20): string | undefined {
  const fd = fs.openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes, 64 * 1024));
    const parts: Buffer[] = [];
    let total = 0;
    while (total < maxBytes) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, total);
      if (n === 0) return undefined;
      const nl = buffer.subarray(0, n).indexOf(10);
      if (nl >= 0) {
        parts.push(Buffer.from(buffer.subarray(0, nl)));
        return Buffer.concat(parts).toString('utf8');
      }
      parts.push(Buffer.from(buffer.subarray(0, n)));
      total += n;
    }
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
