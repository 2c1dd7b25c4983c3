import type { SessionEvent, UnknownRecord } from '../core/sessionEvents';

export interface ParsedLog {
  records: Array<SessionEvent | UnknownRecord>;
  droppedLines: number;
  /** Length in bytes of the part that ends with the last newline; bytes after it are a torn write. */
  goodLength: number;
}

/**
 * Parses a JSONL log. A last line without '\n' is a torn write: it is not parsed and is left for the
 * caller to cut. Lines that are not an object with a numeric `seq` and a string `type` are dropped and
 * counted; records of types this version does not know are kept as they are.
 */
export function parseLog(bytes: Buffer): ParsedLog {
  const lastNewline = bytes.lastIndexOf(0x0a);
  const goodLength = lastNewline + 1;
  const records: Array<SessionEvent | UnknownRecord> = [];
  let droppedLines = 0;
  let start = 0;
  while (start < goodLength) {
    const end = bytes.indexOf(0x0a, start);
    const line = bytes.toString('utf8', start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (record) records.push(record);
    else droppedLines++;
  }
  return { records, droppedLines, goodLength };
}

function parseRecord(line: string): SessionEvent | UnknownRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.seq !== 'number' || !Number.isInteger(record.seq) || typeof record.type !== 'string' || typeof record.at !== 'string') return undefined;
  return record as unknown as SessionEvent | UnknownRecord;
}
