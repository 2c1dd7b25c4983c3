import { isRecord } from './tokenTotals';
import type { TranscriptLine } from './transcriptLine';

/**
 * A transcript line as the object it should be: its bytes decoded as UTF-8 and JSON.parsed. Undefined
 * when it is not a JSON object (a torn write, another program's garbage): the fold counts it as
 * unreadable and goes on. Only lines that passed the reader's byte prefilter get here.
 */
export function parseObject(line: TranscriptLine): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line.utf8(line.start, line.end));
  } catch {
    return undefined;
  }
  return isRecord(value) ? value : undefined;
}

/** The value when it is a string (transcripts are not trusted: anything else is absent). */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value when it is an object (not an array, not null). */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}
