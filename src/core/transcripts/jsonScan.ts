/**
 * Finds the values of a few keys at the top level of one JSON object without building the rest of it.
 * Transcript lines are large (file contents, tool output) and the usage record is small: skipping the
 * big strings with `indexOf` instead of materialising them is what makes cold ingest fast.
 * Returns undefined when the text is not a well-formed object at the level walked; the caller then
 * counts the line as unreadable. Values inside skipped parts are never looked at.
 */

import type { TranscriptLine } from './transcriptLine';

/** [start, end) of a value's raw JSON text. */
export type Span = readonly [number, number];

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** i is at an opening quote; returns the index after the closing one, or -1. */
export function skipString(text: string, i: number, end: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0 || q >= end) return -1;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

function skipNested(text: string, i: number, end: number): number {
  let depth = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i, end);
      if (i < 0) return -1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

function skipValue(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i, end);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return skipNested(text, i, end);
  let j = i;
  while (j < end) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

export interface ScanOptions {
  /** Keys whose object value is walked in the same pass, for these keys of its own (found in `Scan.nested`). */
  nested?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Called for each wanted key of the outer object as it is found; true ends the walk there. */
  stop?: (key: string, span: Span) => boolean;
}

export interface Scan {
  spans: Map<string, Span>;
  nested: Map<string, Map<string, Span>>;
  /** The walk ended early at `stop`'s request: keys after that point were not looked at. */
  stopped: boolean;
}

const STOPPED = -2;

/** Walks the members of the object at `start`; the index after its closing brace, -1 if malformed, or STOPPED. */
function walkMembers(text: string, start: number, end: number, wanted: ReadonlySet<string>, into: Scan, options?: ScanOptions): number {
  let i = skipSpace(text, start, end);
  if (text.charCodeAt(i) !== OPEN_BRACE) return -1;
  i = skipSpace(text, i + 1, end);
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return -1;
    const keyEnd = skipString(text, i, end);
    if (keyEnd < 0) return -1;
    const rawKey = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd, end);
    if (text.charCodeAt(i) !== COLON) return -1;
    i = skipSpace(text, i + 1, end);
    const inner = options?.nested?.get(rawKey);
    let valueEnd: number;
    if (inner && text.charCodeAt(i) === OPEN_BRACE) {
      const nested: Scan = { spans: new Map(), nested: new Map(), stopped: false };
      valueEnd = walkMembers(text, i, end, inner, nested);
      if (valueEnd >= 0) into.nested.set(rawKey, nested.spans);
    } else valueEnd = skipValue(text, i, end);
    if (valueEnd < 0) return -1;
    if (wanted.has(rawKey)) {
      const span: Span = [i, valueEnd];
      into.spans.set(rawKey, span);
      if (options?.stop?.(rawKey, span)) return STOPPED;
    }
    i = skipSpace(text, valueEnd, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return i + 1;
    if (c !== COMMA) return -1;
    i = skipSpace(text, i + 1, end);
  }
}

/**
 * The spans of the wanted keys' values in the object spanning [start, end), and of the keys of the
 * nested objects `options.nested` names, in one walk. Later duplicates win. Undefined if malformed.
 */
export function scanDeep(text: string, wanted: ReadonlySet<string>, options: ScanOptions, start = 0, end = text.length): Scan | undefined {
  const scan: Scan = { spans: new Map(), nested: new Map(), stopped: false };
  const result = walkMembers(text, start, end, wanted, scan, options);
  if (result === STOPPED) scan.stopped = true;
  else if (result < 0) return undefined;
  return scan;
}

/** The spans of the wanted keys' values in the object spanning [start, end). Later duplicates win. */
export function scanObject(text: string, wanted: ReadonlySet<string>, start = 0, end = text.length): Map<string, Span> | undefined {
  const scan: Scan = { spans: new Map(), nested: new Map(), stopped: false };
  return walkMembers(text, start, end, wanted, scan) < 0 ? undefined : scan.spans;
}

/** Whether the value at a span is the JSON string `"value"` (ASCII, no escapes), without decoding it. */
export function isString(text: string, span: Span | undefined, value: string): boolean {
  return span !== undefined && span[1] - span[0] === value.length + 2 && text.startsWith(value, span[0] + 1) && text.charCodeAt(span[0]) === QUOTE;
}

/** The value at a span as a string decoded from the line's UTF-8 bytes, when it is a JSON string. */
export function stringAt(line: TranscriptLine, span: Span | undefined): string | undefined {
  if (!span || line.text.charCodeAt(span[0]) !== QUOTE) return undefined;
  const backslash = line.text.indexOf('\\', span[0]);
  if (backslash < 0 || backslash >= span[1]) return line.utf8(span[0] + 1, span[1] - 1);
  try {
    return JSON.parse(line.utf8(span[0], span[1])) as string;
  } catch {
    return undefined;
  }
}

/** The value at a span parsed as JSON (for small values of ASCII text: numbers, usage objects), or undefined. */
export function valueAt(text: string, span: Span | undefined): unknown {
  if (!span) return undefined;
  try {
    return JSON.parse(text.slice(span[0], span[1])) as unknown;
  } catch {
    return undefined;
  }
}
