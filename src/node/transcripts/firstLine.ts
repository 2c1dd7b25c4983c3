import { promises as fs } from 'fs';

/** The first line of a file (without reading the rest), or undefined if it has none within `maxBytes`. */
export async function readFirstLine(path: string, maxBytes = 1 << 20): Promise<string | undefined> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes, 64 * 1024));
    const parts: Buffer[] = [];
    let total = 0;
    while (total < maxBytes) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
      if (bytesRead === 0) return undefined;
      const nl = buffer.indexOf(10);
      if (nl >= 0 && nl < bytesRead) {
        parts.push(Buffer.from(buffer.subarray(0, nl)));
        return Buffer.concat(parts).toString('utf8');
      }
      parts.push(Buffer.from(buffer.subarray(0, bytesRead)));
      total += bytesRead;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
