import type { SessionEvent, UnknownRecord } from '../core/sessionEvents';

export interface ParsedLog {
  records: Array<SessionEvent | UnknownRecord>;
  droppedLines: number;
  /** Records whose seq jumps past the previous one + 1 (records missing before them). */
  seqGaps: number;
  /** Records whose seq is not above the previous one (two writers, or a copy). They are kept. */
  seqRepeats: number;
  /** Highest seq seen: new appends continue after it. */
  maxSeq: number;
  /** Length in bytes of the part that ends with the last newline; bytes after it are a torn write. */
  goodLength: number;
}

/**
 * Parses a JSONL log. A last line without '\n' is a torn write: it is not parsed and is left for the
 * caller to cut. Lines that are not an object with a numeric `seq` and a string `type` are dropped and
 * counted; records of types this version does not know are kept as they are. Seqs must rise by one:
 * gaps and repeats are counted, and every record is kept (nothing is lost to a numbering fault).
 */
export function parseLog(bytes: Buffer): ParsedLog {
  const lastNewline = bytes.lastIndexOf(0x0a);
  const goodLength = lastNewline + 1;
  const records: Array<SessionEvent | UnknownRecord> = [];
  let droppedLines = 0;
  let seqGaps = 0;
  let seqRepeats = 0;
  let maxSeq = 0;
  let start = 0;
  while (start < goodLength) {
    const end = bytes.indexOf(0x0a, start);
    const line = bytes.toString('utf8', start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (!record) {
      droppedLines++;
      continue;
    }
    if (record.seq <= maxSeq) seqRepeats++;
    else if (record.seq > maxSeq + 1) seqGaps++;
    maxSeq = Math.max(maxSeq, record.seq);
    records.push(record);
  }
  return { records, droppedLines, seqGaps, seqRepeats, maxSeq, goodLength };
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
  if (
    typeof record.seq !== 'number' ||
    !Number.isInteger(record.seq) ||
    typeof record.type !== 'string' ||
    typeof record.at !== 'string'
  )
    return undefined;
  return record as unknown as SessionEvent | UnknownRecord;
}
